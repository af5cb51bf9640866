-- Credentials that older versions stored in clear: the user-info of a URL and the values of
-- query parameters named (or ending in) key, token, secret, password, sig become ***, as
-- warehouse/secrets.py masks everything written from now on. fetch_state keeps matching, since
-- its url is looked up in the same redacted form.
UPDATE sources SET url = regexp_replace(
    regexp_replace(url, '([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]*@', '\1***@', 'g'),
    '([?&][^=&#\s]*(key|token|secret|password|passwd|sig|signature)=)[^&#\s]*', '\1***', 'gi');

UPDATE fetch_state SET url = regexp_replace(
    regexp_replace(url, '([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]*@', '\1***@', 'g'),
    '([?&][^=&#\s]*(key|token|secret|password|passwd|sig|signature)=)[^&#\s]*', '\1***', 'gi');

UPDATE fetch_log SET
    url = regexp_replace(
        regexp_replace(url, '([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]*@', '\1***@', 'g'),
        '([?&][^=&#\s]*(key|token|secret|password|passwd|sig|signature)=)[^&#\s]*', '\1***',
        'gi'),
    error = regexp_replace(
        regexp_replace(error, '([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\s]*@', '\1***@', 'g'),
        '([?&][^=&#\s]*(key|token|secret|password|passwd|sig|signature)=)[^&#\s]*', '\1***',
        'gi');

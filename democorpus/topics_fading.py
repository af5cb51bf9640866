"""Planted topics that must *not* be called emerging: two declining ones and a news burst.

The declining topics lose share steadily over the year (diesel aftertreatment as cars electrify;
hard-coal mining machinery as Moravian-Silesia leaves coal). The burst is one week of news about a
single ransomware attack that fades at once: novel vocabulary and a sharp spike, the classic false
positive of a naive growth score.

Regions as in :mod:`democorpus.topics_process` (SBS 2015 LQ ≥ 1.2). Coal mining (B05) is
confidential for CZ08 in the SBS file, so the mining section's LQ (B, 7.14) stands in for it.
Organisations are fictional.
"""

from __future__ import annotations

from democorpus.spec import Cpc, TopicSpec, orgs, vocab

DIESEL = TopicSpec(
    slug="diesel-aftertreatment",
    name="Diesel exhaust aftertreatment",
    dynamics="declining",
    vocab=vocab(
        devices="diesel particulate filter; SCR catalyst; urea dosing module; "
        "exhaust gas recirculation valve",
        techniques="selective catalytic reduction; filter regeneration",
        components="soot sensor; mixer plate; dosing injector; oxidation catalyst; NOx sensor; "
        "EGR cooler; tailpipe section; ceramic substrate",
        objects="diesel engines; exhaust gases; soot loads; heavy trucks; delivery vans",
        settings="heavy-duty trucks; off-road machinery; diesel passenger cars; engine test cells",
        processes="regenerating the particulate filter; dosing urea solution; "
        "cooling recirculated exhaust gas; measuring NOx downstream of the catalyst",
        benefits="meet Euro 6 limits; cut NOx emissions; prevent filter clogging; "
        "lower urea consumption; reduce exhaust back pressure",
        properties="NOx conversion; soot load; back pressure; ammonia slip; exhaust temperature",
        related="emission control; catalyst ageing; combustion engines; exhaust thermal management",
        materials="cordierite; silicon carbide; vanadium catalyst; copper zeolite",
        challenges="cold starts leave the catalyst below its working temperature; "
        "stricter limits push aftertreatment costs up; diesel passenger car sales keep falling",
        actors="exhaust system supplier; engine maker; truck manufacturer",
    ),
    orgs=orgs(
        "Kisalföldi Kipufogó Kft. | HU | Győr; "
        "Frýdek Emission Systems s.r.o. | CZ | Frýdek-Místek; "
        "Bruchsal Abgastechnik GmbH | DE | Bruchsal; "
        "Midwest Exhaust Technologies Inc. | US | Columbus; "
        "Oberrhein Katalysator GmbH | DE | Rastatt"
    ),
    cpc=(
        Cpc("F01N 3/021", "Exhaust treatment by means of filters"),
        Cpc("F01N 3/20", "Exhaust apparatus specially adapted for catalytic conversion"),
        Cpc("B01D 53/94", "Chemical purification of waste gases by catalytic processes"),
    ),
    arxiv_categories=("physics.chem-ph", "eess.SY"),
    industries=("C29",),
    regions=("HU22", "CZ08", "DE12"),
    kind_mix=(0.45, 0.30, 0.25),
    start_share=0.045,
    end_share=0.008,
)

COAL_MINING = TopicSpec(
    slug="coal-mining-machinery",
    name="Underground hard-coal mining machinery",
    dynamics="declining",
    vocab=vocab(
        devices="longwall shearer; powered roof support; armoured face conveyor; roadheader",
        techniques="longwall mining; mine methane drainage",
        components="cutting drum; hydraulic leg; support canopy; chain drive; pick holder; "
        "dust extractor; methane detector; spill plate",
        objects="coal seams; mine roadways; longwall panels; coal faces; methane emissions",
        settings="hard-coal mines; underground longwall faces; mine rescue stations; "
        "coal preparation plants",
        processes="cutting coal from the seam; advancing roof supports; "
        "ventilating mine workings; draining methane ahead of the face",
        benefits="keep miners away from the face; reduce dust exposure; stabilise the roof; "
        "raise face output; prevent methane ignition",
        properties="face advance rate; methane concentration; dust load; roof convergence; "
        "shearer availability",
        related="rock mechanics; mine ventilation; mining automation; ground control",
        materials="hard-facing alloy; tungsten carbide; hydraulic emulsion",
        challenges="mines operate at ever greater depths; "
        "methane and rock bursts remain serious hazards; coal phase-out plans limit new investment",
        actors="mining company; mining equipment maker; coal producer",
    ),
    orgs=orgs(
        "Karvinská Důlní Technika a.s. | CZ | Karviná; "
        "Ostrava Mining Machinery s.r.o. | CZ | Ostrava; "
        "Śląskie Maszyny Górnicze S.A. | PL | Katowice; "
        "Appalachian Longwall Inc. | US | Pittsburgh; "
        "Petřvald Hornické Stroje a.s. | CZ | Petřvald"
    ),
    cpc=(
        Cpc("E21C 27/00", "Machines which completely free the mineral from the seam"),
        Cpc("E21D 23/00", "Mine roof supports for step-by-step movement"),
        Cpc("E21F 1/00", "Ventilation of mines or tunnels"),
    ),
    arxiv_categories=("physics.geo-ph", "eess.SY"),
    industries=("B05",),
    regions=("CZ08",),
    kind_mix=(0.45, 0.30, 0.25),
    start_share=0.035,
    end_share=0.005,
)

RANSOMWARE = TopicSpec(
    slug="dairy-ransomware-burst",
    name="Ransomware attack on a dairy group (one-week news burst)",
    dynamics="burst",
    vocab=vocab(
        devices="ransomware attack; cyber incident; encrypted file server",
        techniques="incident response; manual order processing",
        components="milk reception system; order platform; payroll system; email system; "
        "backup server; logistics software",
        objects="milk deliveries; supermarket orders; production schedules; customer records; "
        "tanker trucks",
        settings="dairy sites; distribution centres; milk collection routes; head offices",
        processes="restoring the IT systems; processing orders by hand; "
        "diverting milk deliveries; investigating the attack",
        benefits="restore production; protect customer data; resume deliveries; "
        "contain the damage; reassure suppliers",
        properties="downtime; lost production; ransom demand; recovery time; delivery backlog",
        related="cyber security; data protection; crisis communication; IT forensics",
        materials="paper order forms",
        challenges="the attackers encrypted servers at several sites overnight; "
        "farmers were asked to hold back deliveries; police have opened an investigation",
        actors="dairy group; food company",
    ),
    orgs=orgs("Vesterhav Mejerigruppe A/S | DK | Esbjerg"),
    cpc=(),
    arxiv_categories=(),
    industries=(),
    regions=(),
    kind_mix=(0.0, 0.0, 1.0),
    burst_week=27,
)

FADING_TOPICS: tuple[TopicSpec, ...] = (DIESEL, COAL_MINING, RANSOMWARE)

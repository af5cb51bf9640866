"""The ground floor of Horizon: what every layer shares and nothing of ours underlies.

Errors, ISO weeks and periods, the clock, default paths and the records that cross layers live
here so that a fetch error is not a "warehouse" error and a week is parsed one way everywhere.
This package imports nothing from warehouse, extractors, models, reports or pipelines.
"""

"""Exchange with the national systems BPOM units report to: SMART DJA (budget performance, EKA), OMSPAN/SAKTI
(budget realisation), KRISNA (targets) and e-Monev Bappenas (quarterly progress).

Their real formats cannot be reached from here, so each system gets one documented layout (`layouts.py`,
README "Exchange with the national systems") that a planner uploads there or maps onto the system's own file:
`exports.py` writes a unit's quarter in it (csv/xlsx), `read_export` reads such a file back. The import of
OMSPAN budget realisation is an import kind like the others (`indicators/imports/omspan.py`).
"""

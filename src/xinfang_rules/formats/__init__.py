"""The edge: reading and writing the files offices and warehouses hold.

The core (``calendar``, ``rules``, ``deadlines``, ``cases``, ``rota``, ``metrics``) knows no
file format; this sub-package reads and writes them: petition records as JSON Lines and
flat CSV (``case_io``, ``case_csv``), 信访台账 ledgers (``ledger``), rota configurations,
CSV, iCalendar and the 公示 (``rota_io``), the 预警清单 (``alerts``), workbooks for print
(``workbooks``), DataFrames (``frames``) and the warehouse tables (``warehouse``). Each
optional dependency (openpyxl, python-calamine, pandas, icalendar, pyarrow) is imported
only by the function that needs it. The old paths (``xinfang_rules.case_io`` …) still
import.
"""

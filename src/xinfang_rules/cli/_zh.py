"""The command line in Chinese: help texts and argparse's own words (中文界面).

``xinfang`` speaks Chinese unless told otherwise (``--lang en`` or ``XINFANG_LANG=en``).
The help texts are written in English in the command group modules of
:mod:`xinfang_rules.cli` and given here in Chinese; a test checks that every one has its
Chinese, so none is left in English.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator

#: Each help text, description and command summary of the parser → its Chinese.
HELP_ZH: dict[str, str] = {
    "China's petition (信访) rules: calendar, deadlines, cases, rotas, figures.": (
        "信访工作规则：工作日日历、法定时限、信访事项、领导接访安排、考核指标。"
        "英文界面：--lang en 或环境变量 XINFANG_LANG=en。"
    ),
    "show this help message and exit": "显示帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "print a month with working and rest days": "显示某月的工作日与休息日",
    "(xinfang calendar export) the calendar as a dimension table for SQL and Spark": (
        "（xinfang calendar export）导出日历维表，供 SQL、Spark 使用"
    ),
    "(xinfang calendar notice import) read the State Council's holiday notice text": (
        "（xinfang calendar notice import）读取国务院办公厅放假通知原文"
    ),
    "count working days": "计算工作日",
    "a petition's statutory deadlines, with articles": "一件信访事项的法定时限及条款依据",
    "a regime's deadlines as SQL over a petitions table (docs/warehouse.md)": (
        "生成按某一规则计算时限的 SQL（见 docs/warehouse.md）"
    ),
    "the built-in regimes: every period, its article and its words": (
        "内置规则：每项时限、所依条款及原文"
    ),
    "work with petition records": "处理信访事项记录",
    "信访台账: a ledger of one row per petition": "信访台账：每行一件信访事项",
    "leaders' public reception rotas (领导干部接访)": "领导干部接访安排",
    "evaluation figures (考核指标) from petition records": "由信访事项记录计算考核指标",
    "add a regional preset's local holidays": "加入某地区预设的地方假日",
    "a TOML/JSON notice file to add (repeatable; see docs/notices.md)": (
        "加入放假通知文件（TOML/JSON，可多次给出；见 docs/notices.md）"
    ),
    "refuse years without an official holiday notice instead of warning": (
        "遇到未收录国务院办公厅放假通知的年份即报错（默认仅提示）"
    ),
    "language of explanations": "说明文字的语言（zh 中文，en 英文）",
    "YYYY-MM (or: xinfang calendar export -h)": (
        "年月，写作 YYYY-MM（导出日历见 xinfang calendar export -h）"
    ),
    "Write every day from --from to --to with is_workday, kind, holiday, official and a "
    "running working-day index (docs/warehouse.md).": (
        "输出 --from 至 --to 的每一天：是否工作日、日期类型、节日名称、是否依正式通知，"
        "以及累计工作日序号（见 docs/warehouse.md）。"
    ),
    "file to write (default: CSV to standard output)": "写入的文件（默认以 CSV 输出到屏幕）",
    "Read a year's holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知) as published, "
    "and any special notices for that year after it, check it against 《全国年节及纪念日放假办法》 "
    "and itself, and write a notice file for --notice (docs/howto/next-year-notice.md).": (
        "读取国务院办公厅关于XXXX年部分节假日安排的通知原文（及该年其后的专项通知），"
        "对照《全国年节及纪念日放假办法》和通知本身逐项核对，写出供 --notice 使用的通知文件"
        "（见 docs/howto/next-year-notice.md）。"
    ),
    "notice texts; - for stdin": "通知原文文件；- 表示从标准输入读取",
    "the year (default: from the title)": "年份（默认取自通知标题）",
    "notice file to write (default: standard output)": "写入的通知文件（默认输出到屏幕）",
    "print what the notice changes, day by day, in the calendar in use": (
        "逐日列出该通知对现用日历的改动"
    ),
    "the file's encoding (default UTF-8, with or without BOM; files saved by Excel or WPS on "
    "Chinese Windows: gb18030)": (
        "文件编码（默认 UTF-8，带或不带 BOM；中文 Windows 上 Excel、WPS 保存的文件：gb18030）"
    ),
    "the N-th working day after DATE, and why": "DATE 之后第 N 个工作日，并说明计算过程",
    "working days in (A, B], and why": "A（不含）至 B（含）之间的工作日数，并说明计算过程",
    "day received, YYYY-MM-DD": "收到（登记）日期，写作 YYYY-MM-DD",
    "day accepted (受理)": "受理日期",
    "day the petitioner received the reply": "信访人收到答复的日期",
    "a built-in regime by name (2022, 2005, beijing, shanghai, shandong, henan, zhejiang, or "
    "北京, 山东 …; see 'xinfang rules list') or a .toml/.json regime file (default: the "
    "national regime by --received)": (
        "内置规则名（2022、2005、北京、上海、山东、河南、浙江等，见 xinfang rules list）"
        "或 .toml/.json 规则文件（默认：按 --received 适用的全国性规定）"
    ),
    "count every 日 as calendar days (the text) or as working days": (
        "条文中的“日”按自然日（条文原意）还是按工作日计算"
    ),
    "print each derivation in full": "列出每项时限的完整推算过程",
    "Print the query that computes a regime's deadlines over a petitions table and the "
    "calendar table of 'xinfang calendar export' (DuckDB, Spark SQL).": (
        "输出一条 SQL：在信访事项表和 xinfang calendar export 导出的日历表上按某一规则计算各项时限"
        "（DuckDB、Spark SQL）。"
    ),
    "a built-in regime by name (default 2022; see 'xinfang rules list') or a file": (
        "内置规则名（默认 2022，见 xinfang rules list）或规则文件"
    ),
    "the petitions table's name": "信访事项表的表名",
    "the calendar table's name": "日历表的表名",
    "the built-in regimes, one a line": "列出内置规则，每行一个",
    "one regime in full: each period, its source and the quote": (
        "显示一个规则的全部内容：每项时限、出处及原文"
    ),
    "table (default) or every period as the Markdown reference of docs/rules.md": (
        "table 表格（默认），或 markdown：docs/rules.md 中的逐项对照"
    ),
    "a name from 'xinfang rules list', or a regime file": (
        "xinfang rules list 中的规则名，或规则文件"
    ),
    "draft a regime file from a regulation's text, each guess marked for review": (
        "从条例文本起草规则文件，每处推定都标明待核"
    ),
    "Read a regulation's text as published (UTF-8 or GB18030; 第X条, 款 as lines, "
    "（一） items) and write a regime file with one period per time limit: its "
    "citation, the clause verbatim, its length and unit from the text, and a "
    "proposed id, title, clock, extension and scope, each guess marked '# 待核' "
    "with its reason. Review every mark against the text, then run 'xinfang rules "
    "check' (docs/howto/provincial-regime.md).": (
        "读取条例全文（UTF-8 或 GB18030；每条以“第X条”开头，每款一行，各项以（一）开头），"
        "为每个时限写一项期限：条款出处、原文、天数和单位取自文本；期限名称、起算日、延长和"
        "适用范围为推定，每处推定都注明“# 待核”及理由。请逐条对照原文核对，再运行 "
        "xinfang rules check（见 docs/howto/provincial-regime.md）。"
    ),
    "the regime's id, e.g. guangdong-2014 (default: draft)": (
        "规则文件的 id，如 guangdong-2014（默认 draft）"
    ),
    "check a regime against its regulation's text: quotes, numbers, omissions": (
        "对照条例文本核对规则文件：引文、期限数字、遗漏的时限"
    ),
    "Check every source of a regime (built-in or a file) against the regulation's "
    "text: each quote verbatim in the article, paragraph and item it cites, each "
    "length, unit and cap the one its quote says, the in-force date in the text; "
    "and list the text's time limits the regime does not encode. Exit status: 0 "
    "no error, 1 an error (omissions are listed, not errors).": (
        "对照条例文本逐项核对规则（内置或规则文件）：每处引文须逐字出现在所引的条、款、项中；"
        "每项期限的天数、单位和延长上限须与引文所写一致；施行日期须见于文本；并列出文本中有、"
        "规则文件未编码的时限。退出状态：0 无错误，1 有错误（遗漏的时限只列出，不算错误）。"
    ),
    "the regulation's text as published (UTF-8 or GB18030), one article a line": (
        "条例全文（UTF-8 或 GB18030 文本），每条另起一行"
    ),
    "the text's encoding (default: UTF-8, else GB18030, by trying)": (
        "文本的编码（默认先试 UTF-8，再试 GB18030）"
    ),
    "language of the report": "报告的语言",
    "overdue and due-soon petitions by unit": "按单位列出超期、临期的信访事项",
    "petition records as a table for SQL: periods, petitions or events (docs/warehouse.md)": (
        "把信访记录写成供数据库用 SQL 计算的表：periods（每件每个时限一行，算期限和预警）、"
        "petitions（每件一行）或 events（每个事件一行）（见 docs/warehouse.md）"
    ),
    "each petition as it stood on DATE (later events left out), for figures taken then": (
        "按 DATE 当日的状态写出（其后的事件不计），用于统计该日的考核指标"
    ),
    "which table: periods (for the status SQL, default), petitions, events": (
        "写哪张表：periods（默认，供期限和预警 SQL）、petitions、events"
    ),
    "petitions as JSON Lines, flat CSV or a 信访台账": "信访记录（JSON Lines、扁平 CSV）或信访台账",
    "the table: .parquet or .csv": "写出的表：.parquet 或 .csv",
    "the table's format (auto: by the file's suffix)": "表的格式（auto：按文件后缀）",
    "petitions as JSON Lines or flat CSV (docs/cases.md)": (
        "信访事项记录：JSON Lines 或平铺 CSV（见 docs/cases.md）"
    ),
    "the file's format (default: csv for a .csv file, else JSON Lines)": (
        "文件格式（默认：.csv 文件按 CSV，其余按 JSON Lines）"
    ),
    "the day to check, YYYY-MM-DD (default: today, Beijing time)": (
        "检查基准日，写作 YYYY-MM-DD（默认今天，北京时间）"
    ),
    "warn N working days ahead": "提前 N 个工作日预警",
    "skip bad petitions (their lines reported) instead of stopping": (
        "跳过有误的记录（逐条报告行号），不中止"
    ),
    "预警清单: read a 台账 and list overdue and due-soon duties by unit": (
        "预警清单：读取信访台账，按单位列出超期、临期事项"
    ),
    "Read a 信访台账 (a workbook, or CSV in UTF-8 or GB18030 found by trying), map its columns "
    "(the default mapping or --mapping FILE, docs/ledger.md), and print the overdue and "
    "due-soon duties by unit. Exit status: 0 none overdue, 3 something overdue (--no-fail: 0), "
    "1 an error.": (
        "读取信访台账（Excel/WPS 工作簿，或 UTF-8、GB18030 编码的 CSV，编码自动识别），按列名映射"
        "（默认映射或 --mapping 文件，见 docs/ledger.md）换算各列，按单位列出超期、临期事项。"
        "退出码：0 无超期；3 有超期（加 --no-fail 时为 0）；1 出错。"
    ),
    "the ledger: .xlsx (the excel extra) or CSV, with a header row": (
        "台账文件：.xlsx（需安装 excel 扩展）或 CSV，首行为列名"
    ),
    "the workbook's sheet: name or index": "工作表：名称或序号（从 0 起）",
    "a ledger mapping (.toml)": "台账列名映射文件（.toml）",
    "the unit keeping the ledger (登记单位)": "登记单位（台账无此列时）",
    "go on past bad rows (each reported)": "跳过有误的行（逐行报告原因），继续处理",
    "write the bad rows and why (.csv for Excel, or .xlsx)": (
        "将有误的行及原因另存（.csv 可用 Excel 打开，或 .xlsx）"
    ),
    "exit 0 even when something is overdue": "即使有超期事项，退出码也为 0",
    "also write the 预警清单: .xlsx (the excel extra) or .csv (for Excel)": (
        "另存预警清单：.xlsx（需 excel 扩展）或 .csv（可用 Excel 打开）"
    ),
    "the file's encoding (default: UTF-8, else GB18030, by trying)": (
        "文件编码（默认自动识别：先试 UTF-8，再试 GB18030）"
    ),
    "generate a rota from a configuration (docs/rota.md)": "按配置生成接访安排（见 docs/rota.md）",
    "check a rota CSV (generated or hand-made) against the rules": (
        "按规则检查接访安排 CSV（生成的或手工编排的）"
    ),
    "the rota configuration (.toml or .json)": "接访安排配置文件（.toml 或 .json）",
    "first day, YYYY-MM-DD": "起始日，写作 YYYY-MM-DD",
    "last day, YYYY-MM-DD": "截止日，写作 YYYY-MM-DD",
    "the file to write (default: standard output)": "写入的文件（默认输出到屏幕）",
    "table (default), csv, ics (iCalendar), notice (公示, Markdown), notice-csv, xlsx (公示 for "
    "print, with -o; the excel extra)": (
        "table 表格（默认）、csv、ics（日历文件）、notice（公示，Markdown）、notice-csv、"
        "xlsx（供打印的公示，须同时给出 -o；需 excel 扩展）"
    ),
    "print the rota with its unfillable receptions listed instead of failing": (
        "有无法排满的接访场次时，仍输出安排并列出空缺（默认报错）"
    ),
    "auto (default): the greedy fill, and the exact search (the solver extra) when it leaves "
    "gaps or unmet minimums; greedy: the fill alone; exact: always the search": (
        "auto（默认）：先逐日排班，有空缺或未达最少接访次数时再用精确求解（需 solver 扩展）；"
        "greedy：只逐日排班；exact：总是精确求解"
    ),
    "the whole generation's budget in seconds (default 10): fill, explanation and exact "
    "search; past it, the best rota so far with its gaps, and a note": (
        "整个排班的时限（秒，默认 10），含逐日排班、原因分析和精确求解；到时给出当时最好的安排，"
        "空缺照列，并加提示"
    ),
    "the rota as CSV (date, place, leader columns)": "接访安排 CSV（含日期、地点、领导列）",
    "first day of the range": "起始日",
    "last day of the range": "截止日",
    "first day": "起始日",
    "last day": "截止日",
    "csv (default) or parquet": "csv（默认）或 parquet",
    "the day the figures are taken (default --to)": "统计基准日（默认为 --to）",
    "what a unit is: the handling unit (default) or the receiving unit": (
        "按承办单位（handling_unit，默认）或受理单位（receiving_unit）统计"
    ),
    "the output format": "输出格式",
    "the file to write: 通报.xlsx (the excel extra) or the text format": (
        "写入的文件：通报.xlsx（需 excel 扩展），或 --format 所选格式的文本"
    ),
    "the file: petition records (jsonl, csv) or a 信访台账 (ledger: .xlsx or CSV; auto: a "
    "workbook, a CSV with ledger headers, or with --mapping)": (
        "输入文件类型：信访事项记录（jsonl、csv）或信访台账（ledger：.xlsx 或 CSV）；auto 时"
        "工作簿、表头为台账列名的 CSV 或给出 --mapping 即按台账读取"
    ),
    "a ledger's unit (登记单位), if it has no such column": "登记单位（台账无此列时）",
    "a workbook's sheet: name or index": "工作表：名称或序号（从 0 起）",
    "a ledger: go on past bad rows (each reported)": (
        "台账：跳过有误的行（逐行报告原因），继续统计"
    ),
    "a ledger: write the bad rows and why (.csv or .xlsx)": (
        "台账：将有误的行及原因另存（.csv 或 .xlsx）"
    ),
    "rank the units by a figure": "按某项指标给各单位排名",
    "with --rank: the best N": "与 --rank 同用：前 N 名",
    "with --rank: the worst N": "与 --rank 同用：后 N 名",
    "基本满意 does not count as satisfied": "“基本满意”不计入满意",
    "超期未评价 counts as satisfied": "超期未评价视为满意",
    "days after the reply within which the petitioner may rate it (default 30)": (
        "答复后可评价的天数（默认 30）"
    ),
    "an open duty not yet due: left out (not_due, default) or counted late": (
        "统计期末未办结且未到期的事项：不计入（not_due，默认）或按逾期计（late）"
    ),
    "the JSON Schema of a file format the library reads (docs/schemas.md)": (
        "本库所读文件格式的 JSON Schema（见 docs/schemas.md）"
    ),
    "Print the JSON Schema (draft 2020-12) of a file format, to validate files in other "
    "systems before they reach the library.": (
        "输出某种文件格式的 JSON Schema（2020-12 版），供其他系统在把文件交给本库之前自行校验。"
    ),
    "petition, rota, regime, notice or ledger-mapping": (
        "petition（信访事项记录）、rota（接访安排配置）、regime（时限规则）、notice（放假通知）"
        "或 ledger-mapping（台账列名映射）"
    ),
    "conformance vectors for other implementations (docs/vectors.md)": (
        "供其他实现自测的一致性测试向量（见 docs/vectors.md）"
    ),
    "Write calendar.jsonl, workdays.jsonl and deadlines.jsonl: inputs and the library's answers "
    "with their reasons, for the official years, so that another implementation can test "
    "itself.": (
        "写出 calendar.jsonl、workdays.jsonl、deadlines.jsonl：输入、本库的答案及理由，"
        "只含已收录正式放假通知的年份，供其他实现自测。"
    ),
    "the folder to write them into": "写入的目录",
    "the first year (default 2004)": "起始年份（默认 2004）",
    "the last year (default 2026; official only)": (
        "截止年份（默认 2026；须为已收录正式通知的年份）"
    ),
    "the HTTP JSON API for other systems (the server extra; docs/service.md)": (
        "供其他系统调用的 HTTP JSON 接口（需 server 扩展；见 docs/service.md）"
    ),
    "Serve the library over HTTP (OpenAPI at /openapi.json). Listens on 127.0.0.1 unless "
    "--host says otherwise, which needs access tokens: --token-file or the XINFANG_TOKENS "
    "environment variable, never the command line.": (
        "以 HTTP 提供本库的功能（接口说明见 /openapi.json）。默认只监听 127.0.0.1；用 --host "
        "监听其他地址时必须配置访问令牌（--token-file 或环境变量 XINFANG_TOKENS，"
        "不得写在命令行上）。"
    ),
    "the address (default 127.0.0.1)": "监听地址（默认 127.0.0.1）",
    "print the OpenAPI 3.1 document and exit (no server is started)": (
        "输出 OpenAPI 3.1 接口文档后退出（不启动服务）"
    ),
    "the port (default 8000)": "端口（默认 8000）",
    "access tokens, one a line (16+ characters)": "访问令牌文件，每行一个（至少 16 个字符）",
    "a notice file to add (repeatable)": "加入放假通知文件（可多次给出）",
    "a regime file to add (repeatable)": "加入规则文件（可多次给出）",
    "allow this origin (CORS)": "允许跨域访问的来源（CORS，可多次给出）",
    "the largest request body (default 16 MiB)": "请求体上限（默认 16 MiB）",
    "the most petitions in one request (default 10,000)": "一次请求最多的信访事项数（默认 10,000）",
    "count each petition once (record, default) or by its headcount (person)": (
        "按件计（record，默认）或按人次计（person）"
    ),
}

#: argparse's own messages (English patterns) → Chinese, for errors on the command line.
_ERRORS_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"the following arguments are required: (.*)"), r"缺少必需的参数：\1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数：\1"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"参数 \1：\2 不是可选值（可选：\3）",
    ),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"参数 \1：\3 不是有效的值"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面需要一个值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"argument (\S+): (.*)"), r"参数 \1：\2"),
)


#: The rota generator's notes (English patterns) → Chinese, for the clerk's 提示 lines.
_NOTES_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"complete rota found by the exact search"), "精确求解找到了排满的安排"),
    (
        re.compile(
            r"complete rota found by the exact search; the greedy fill had left (\d+) "
            r"problem\(s\)"
        ),
        r"精确求解找到了排满的安排（逐日排班留下了 \1 处问题）",
    ),
    (
        re.compile(
            r"no complete rota exists \(proven by the exact search\); this one has the "
            r"fewest violations"
        ),
        "经精确求解证明，排不出满足全部规则的安排；本安排违规最少",
    ),
    (
        re.compile(
            r"no complete rota exists, and this one has the fewest violations any rota "
            r"can have: no more than the conflicts prove unavoidable"
        ),
        "排不出满足全部规则的安排；本安排的违规已少到下列冲突所证明的最低限度",
    ),
    (
        re.compile(r"no complete rota exists: see the conflicts, each a count that proves it"),
        "排不出满足全部规则的安排：见下列冲突，每条都是可核算的证明",
    ),
    (
        re.compile(
            r"the greedy fill left receptions or minimums open; the exact search of the "
            r"solver extra \(pip install 'xinfang-rules\[solver\]'\) may find a "
            r"complete rota"
        ),
        "逐日排班留下了空缺或未达最少次数；安装 solver 扩展（pip install "
        "'xinfang-rules[solver]'）后精确求解可能排满",
    ),
    (
        re.compile(
            r"the exact search improved on the greedy fill: (\d+) violation\(s\) "
            r"\((\d+) leader\(s\) missing at receptions, (\d+) turn\(s\) short of a "
            r"minimum\) against (\d+)"
        ),
        r"精确求解改进了逐日排班：违规 \1 处（缺人 \2 人次，未达最少次数 \3 次），原为 \4 处",
    ),
    (
        re.compile(
            r"the exact search found no complete rota within its budget \((.*)\); one may "
            r"exist: give it more time \(time_limit, --time-limit\)"
        ),
        r"精确求解在时限（\1）内没有找到排满的安排，但可能存在：可加大 --time-limit 再试",
    ),
    (
        re.compile(
            r"minimum not met: (.+?) \((.+?)\): (\d+) reception\(s\) in (\S+), at least "
            r"(\d+) required(?:; (.*))?"
        ),
        r"未达最少次数：\1（\2）\4 接访 \3 次，至少应 \5 次；\6",
    ),
    (re.compile(r"minimum not met: (.*)"), r"未达最少次数：\1"),
    (
        re.compile(
            r"no complete rota exists \(see the conflicts\); the exact search did not find "
            r"fewer violations within its budget \((.*)\): this rota has (\d+), and the "
            r"conflicts prove at least (\d+) unavoidable"
        ),
        r"排不出满足全部规则的安排（见下列冲突）；精确求解在时限（\1）内没有找到违规更少的安排："
        r"本安排违规 \2 处，下列冲突证明至少 \3 处无法避免",
    ),
    (
        re.compile(
            r"the time limit \((.*) s\) ran out before the explanation was complete: the "
            r"conflicts listed are those found by then, each still a proof; give more time "
            r"\(time_limit, --time-limit\) for all of them"
        ),
        r"时限（\1 秒）已到，原因分析没有做完：所列冲突是到时为止找到的（每条仍是证明）；"
        r"加大 --time-limit 可得到全部",
    ),
    (
        re.compile(
            r"the time limit \((.*) s\) ran out before the exact search: this is the greedy "
            r"fill, with its gaps; give more time \(time_limit, --time-limit\) to repair it"
        ),
        r"时限（\1 秒）已到，未做精确求解：这是逐日排班的结果，空缺照列；加大 --time-limit "
        r"可再求解",
    ),
)


def note_zh(note: str) -> str:
    """A rota note in Chinese (the note as is if no pattern knows it)."""
    for pattern, replacement in _NOTES_ZH:
        if pattern.fullmatch(note):
            return pattern.sub(replacement, note).removesuffix("；")
    return note


def error_zh(message: str) -> str:
    """An argparse error message in Chinese (the message as is if no pattern knows it)."""
    for pattern, replacement in _ERRORS_ZH:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


def parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser and every sub-command's parser under it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield from parsers(sub)


def texts(parser: argparse.ArgumentParser) -> Iterator[str]:
    """Every help text and description of the parser and its sub-commands."""
    for p in parsers(parser):
        if p.description:
            yield p.description
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS:
                yield action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        yield choice.help


def to_chinese(parser: argparse.ArgumentParser) -> None:
    """Put the parser's help in Chinese: texts, section titles, the usage prefix."""
    for p in parsers(parser):
        if p.description:
            p.description = HELP_ZH.get(p.description, p.description)
        p._positionals.title = "位置参数"
        p._optionals.title = "选项"
        p.formatter_class = ChineseHelpFormatter
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS:
                action.help = HELP_ZH.get(action.help, action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    if choice.help:
                        choice.help = HELP_ZH.get(choice.help, choice.help)


class ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help with 用法： for ``usage:``."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

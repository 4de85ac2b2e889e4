"""``python -m xinfang_rules.cli``: the ``xinfang`` command."""

import sys

from xinfang_rules.cli._cli import main

sys.exit(main())

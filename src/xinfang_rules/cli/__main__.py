"""``python -m xinfang_rules.cli``: the ``xinfang`` command."""

import sys

from xinfang_rules.cli.command import main

sys.exit(main())

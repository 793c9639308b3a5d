from __future__ import annotations

import sys

from newsarchive.cli import main

sys.exit(main())

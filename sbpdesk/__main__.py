"""`python -m sbpdesk` is the `sbpdesk` command."""
import sys

from sbpdesk.cli import main

sys.exit(main())

"""`python -m digitpad` runs the same command line as the `digitpad` script."""

from digitpad.cli import main

raise SystemExit(main())

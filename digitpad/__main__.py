"""`python -m digitpad` runs the same command line as the `digitpad` script."""

try:
    from digitpad.cli import main
except KeyboardInterrupt:  # Ctrl-C in the first instant, before main() can catch it
    raise SystemExit(130) from None

raise SystemExit(main())

from kerascount_lint.cli import main

raise SystemExit(main())

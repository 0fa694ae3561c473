from ai302_spec.cli import main

raise SystemExit(main())

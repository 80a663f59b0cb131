from unmentoring.cli import main

raise SystemExit(main())

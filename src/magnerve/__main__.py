from magnerve.interfaces.cli.app import main

main()

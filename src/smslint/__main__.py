from smslint.cli import main

main()

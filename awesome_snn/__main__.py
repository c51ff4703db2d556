from awesome_snn.cli import main

main()

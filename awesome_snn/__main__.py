from awesome_snn.entry import main

main()

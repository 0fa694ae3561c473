from mockserver.entry import main

main()

from riwaya.cli import main

main()

import CoachLabCommandLine

CoachLabCommand.main()

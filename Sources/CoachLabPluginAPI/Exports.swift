// A plugin imports this module alone: the dataset model comes with it.
@_exported import CoachLabData

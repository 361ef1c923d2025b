// The declaration of libFuzzer's driver lives in include/CFuzzDriver.h; nothing to compile.

#ifndef COACHLAB_CLIBCSV_SHIM_H
#define COACHLAB_CLIBCSV_SHIM_H
#include <csv.h>
#endif

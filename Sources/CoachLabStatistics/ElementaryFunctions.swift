// Plugins reach the elementary functions (Double.log, .exp, .log(onePlus:), …) through
// this library, so that they import nothing but the plugin API, the kernels and statistics.
@_exported import RealModule

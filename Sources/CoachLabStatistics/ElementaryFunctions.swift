// Plugins reach the elementary functions (Double.log, .exp, .log(onePlus:), …) through
// this library, so that they import nothing but the plugin API and statistics.
@_exported import RealModule

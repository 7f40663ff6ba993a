// Main of the offline tests: the built binary where it needs no engine, so no engine is checked for.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli/app.hpp"

int main(int argc, char** argv) {
    return dtx::cli::run(argc, argv);
}

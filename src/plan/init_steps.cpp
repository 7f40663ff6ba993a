#include "plan/init_steps.hpp"

#include <filesystem>
#include <vector>

namespace dtx::plan {

namespace {

// A word as sh would need it to read it back: quoted when it holds more than plain characters.
std::string quoted(const std::string& word) {
    bool plain = !word.empty() && word.find_first_not_of(
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789_./=:,@%+-") == std::string::npos;
    if (plain) {
        return word;
    }
    std::string out = "'";
    for (char c : word) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

std::string joined(const std::vector<std::string>& argv) {
    // A shell line from the spec shows as the user wrote it.
    if (argv.size() == 3 && argv[0] == "/bin/sh" && argv[1] == "-c") {
        return argv[2];
    }
    std::string line;
    for (const auto& word : argv) {
        line += (line.empty() ? "" : " ") + quoted(word);
    }
    return line;
}

}  // namespace

std::string shown_path(const std::string& file, const std::string& directory) {
    if (directory.empty()) {
        return file;
    }
    std::string relative = std::filesystem::path(file).lexically_relative(directory).string();
    return relative.empty() || relative.starts_with("..") ? file : relative;
}

std::string describe_init_step(const compose::InitStep& step, const std::string& directory) {
    if (!step.sql_file.empty()) {
        return "sql " + shown_path(step.sql_file, directory);
    }
    return !step.run.empty() ? "run " + joined(step.run) : "exec " + joined(step.command);
}

}  // namespace dtx::plan

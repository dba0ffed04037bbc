#pragma once
// Helpers shared by the tests: where the shared data lives, temporary files, running the CLI.
#include <QString>
#include <QTemporaryDir>
#include <cstdint>
#include <string>
#include <vector>

namespace qs::test {

// ../shared relative to the repository (CMake option QS_SHARED_DIR); env QS_SHARED_DIR overrides.
std::string sharedDir();
std::string sharedPath(const std::string& relative);
bool sharedExists(const std::string& relative);

void writeFile(const std::string& path, const std::vector<uint8_t>& bytes);
void writeFile(const std::string& path, const std::string& text);
std::vector<uint8_t> readFile(const std::string& path);

struct CliResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
// Runs quantscope-cli with the given arguments and waits (timeout in ms).
CliResult runCli(const QStringList& args, int timeoutMs = 300000);

} // namespace qs::test

#define QS_REQUIRE_SHARED(rel)                                                        \
    do {                                                                              \
        if (!qs::test::sharedExists(rel)) QSKIP("shared file missing: " rel);       \
    } while (0)

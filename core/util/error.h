#pragma once
// One error type for everything the user can cause: a file (or other subject) and a one-line message.
#include <stdexcept>
#include <string>

namespace qs {

class Error : public std::runtime_error {
public:
    // exitCode follows the CLI convention: 2 = bad input, 1 = internal/other failure.
    Error(std::string subject, std::string message, int exitCode = 2)
        : std::runtime_error(subject.empty() ? message : subject + ": " + message),
          subject_(std::move(subject)), message_(std::move(message)), exitCode_(exitCode) {}

    const std::string& subject() const { return subject_; }
    const std::string& message() const { return message_; }
    int exitCode() const { return exitCode_; }

private:
    std::string subject_;
    std::string message_;
    int exitCode_;
};

// Thrown when a CancelToken fires; not an error the user needs explained.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace qs

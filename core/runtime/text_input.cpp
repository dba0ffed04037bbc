#include "core/runtime/text_input.h"

#include "core/util/error.h"
#include "core/util/utf8.h"

#include <fstream>
#include <iterator>

namespace qs {
namespace {

std::string readAll(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path, "cannot open file");
    std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) throw Error(path, "read error");
    return s;
}

} // namespace

std::string readEvalText(const std::string& path) {
    std::string text = readAll(path);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (text.empty()) throw Error(path, "text is empty");
    if (!isValidUtf8(text)) throw Error(path, "text is not valid UTF-8");
    return text;
}

std::vector<int32_t> readTokenFile(const std::string& path) {
    const std::string s = readAll(path);
    std::vector<int32_t> ids;
    size_t i = 0;
    auto isSep = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ','; };
    // Allow a JSON array's brackets around the list.
    size_t end = s.size();
    while (i < end && isSep(s[i])) ++i;
    while (end > i && isSep(s[end - 1])) --end;
    if (i < end && s[i] == '[' && s[end - 1] == ']') {
        ++i;
        --end;
    }
    while (i < end) {
        if (isSep(s[i])) {
            ++i;
            continue;
        }
        if (s[i] < '0' || s[i] > '9') throw Error(path, "not a token id at byte " + std::to_string(i));
        int64_t v = 0;
        while (i < end && s[i] >= '0' && s[i] <= '9') {
            v = v * 10 + (s[i++] - '0');
            if (v > INT32_MAX) throw Error(path, "token id too large at byte " + std::to_string(i));
        }
        if (i < end && !isSep(s[i])) throw Error(path, "not a token id at byte " + std::to_string(i));
        ids.push_back(int32_t(v));
    }
    if (ids.empty()) throw Error(path, "no token ids");
    return ids;
}

} // namespace qs

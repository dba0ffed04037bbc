#pragma once
// JSON parsing that rejects what nlohmann accepts silently: duplicate keys in any object.
// Invalid UTF-8 and lone surrogates are rejected by nlohmann itself.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace qs {

// Throws qs::Error(subject, "invalid JSON: ...") or "duplicate key '...'".
nlohmann::json parseJsonStrict(std::string_view text, const std::string& subject);

// Reads and parses a small JSON file (config.json, index files), capped at maxBytes.
nlohmann::json readJsonFile(const std::string& path, size_t maxBytes = 64u << 20);

} // namespace qs

#pragma once
// SHA-256 (FIPS 180-4) for fingerprints such as token-id streams; not for security decisions.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace qs {

class Sha256 {
public:
    Sha256();
    void update(const void* data, size_t size);
    std::array<uint8_t, 32> finish(); // the object is spent afterwards
    std::string finishHex();

    static std::string hex(const void* data, size_t size);

private:
    void block(const uint8_t* p);
    std::array<uint32_t, 8> h_;
    std::array<uint8_t, 64> buf_{};
    size_t bufLen_ = 0;
    uint64_t totalBytes_ = 0;
};

} // namespace qs

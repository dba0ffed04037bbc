#include "app/cli/report_tables.h"

#include "app/cli/table.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

namespace qs::cli {
namespace {

using nlohmann::json;

std::string num(const json& j, const char* key, int decimals) {
    return j.contains(key) && j.at(key).is_number() ? fixed(j.at(key).get<double>(), decimals) : "-";
}

} // namespace

void printReport(const json& r, std::FILE* out, bool tensors) {
    if (!r.is_object() || !r.contains("quantscope_report")) throw Error("report", "not a Quantscope report (no quantscope_report key)");
    try {
        if (tensors) {
            Table t({"tensor", "spec", "bpw", "before", "after", "rmse", "sqnr dB", "cosine", "seconds"},
                    {false, false, true, true, true, true, true, true, true});
            for (auto& row : r.at("tensors")) {
                const json err = row.value("error", json::object());
                t.add({row.at("name").get<std::string>(), row.value("type", row.value("spec", std::string("-"))),
                       num(row, "bits_per_weight", 3), humanBytes(row.at("bytes_before").get<double>()),
                       humanBytes(row.at("bytes_after").get<double>()), num(err, "rmse", 6), num(err, "sqnr_db", 2), num(err, "cosine", 6),
                       num(row, "seconds", 3)});
            }
            t.print(out);
            std::fprintf(out, "\n");
        }
        const json& tot = r.at("totals");
        Table s({"recipe", "format", "output", "weights", "before", "after", "bpw"}, {false, false, false, true, true, true, true});
        s.add({r.at("recipe").value("name", std::string("-")), r.at("format").get<std::string>(), r.at("output").get<std::string>(),
               std::to_string(tot.at("params").get<int64_t>()), humanBytes(tot.at("bytes_before").get<double>()),
               humanBytes(tot.at("bytes_after").get<double>()), num(tot, "bits_per_weight", 3)});
        s.print(out);
        if (r.contains("evaluation")) {
            const json& e = r.at("evaluation");
            std::fprintf(out, "\n");
            Table ev({"ppl", "± stderr", "base ppl", "ppl ratio", "KLD mean", "KLD p99", "same top", "chunks", "ctx"},
                     {true, true, true, true, true, true, true, true, true});
            const json kld = e.value("kld", json::object());
            ev.add({num(e, "ppl", 4), num(e, "ppl_stderr", 4), num(e, "ppl_base", 4), num(e, "ppl_ratio", 5), num(kld, "mean", 6),
                    num(kld, "p99", 6), num(kld, "same_top_fraction", 4), std::to_string(e.value("chunks", 0)),
                    std::to_string(e.value("ctx", 0))});
            ev.print(out);
        }
        std::fprintf(out, "\n");
        Table st({"stage", "seconds"}, {false, true});
        for (auto& [stage, sec] : r.at("stages").items()) st.add({stage, fixed(sec.get<double>(), 3)});
        st.add({"total", num(r, "seconds", 3)});
        st.print(out);
        const json& m = r.at("machine");
        std::fprintf(out, "\nmachine: %s, SIMD %s, %d threads; quantscope %s\n", m.value("cpu", std::string("?")).c_str(),
                     m.value("simd", std::string("?")).c_str(), m.value("threads", 0), r.value("version", std::string("?")).c_str());
        for (auto& n : r.at("notes")) std::fprintf(out, "note: %s\n", n.get<std::string>().c_str());
    } catch (const json::exception& e) {
        throw Error("report", std::string("malformed report: ") + e.what());
    }
}

} // namespace qs::cli

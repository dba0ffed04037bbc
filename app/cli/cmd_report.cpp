// quantscope-cli report REPORT.json: a quantize --recipe report as tables.
#include "app/cli/command.h"
#include "app/cli/report_tables.h"
#include "core/formats/json_strict.h"

#include <cstdio>

namespace qs::cli {
namespace {

int run(Args& args) {
    args.accept({}, {"summary"});
    args.expectPositionals(1, 1);
    printReport(readJsonFile(args.positional(0, "REPORT.json")), stdout, !args.flag("summary"));
    return 0;
}

const CommandRegistration reg({"report", "REPORT.json [--summary]", "print a quantize --recipe report as tables", run});

} // namespace
} // namespace qs::cli

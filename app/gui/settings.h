#pragma once
// Application settings persisted with QSettings.
#include <QString>

namespace qs::gui {

struct AppSettings {
    int threads = 0;         // core thread pool size; 0 = one per hardware thread
    QString calibrationText; // calibration text file
    int samples = 128;       // calibration windows
    int sequenceLength = 256;
    QString evaluationText;  // perplexity/KLD text file
    int context = 256;       // evaluation context length
    int chunks = 16;         // evaluation chunks; 0 = the whole text
    QString language;        // "" = system, "en", "zh_CN"
    bool darkPalette = false; // Fusion style with a dark palette

    static AppSettings load();
    void save() const;
    bool operator==(const AppSettings&) const = default;
};

QString sharedDataPath(const QString& relative); // ../shared/data/… of a development build, "" if absent

} // namespace qs::gui

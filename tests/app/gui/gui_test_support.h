#pragma once
// Shared by the GUI tests: isolated settings, small job sizes on the shared texts, and opening a shared model.
#include "app/gui/main_window.h"
#include "app/gui/settings.h"
#include "tests/support/support.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

namespace qs::test {

// Each test executable keeps its own QSettings (by organisation name) in test mode, starting empty.
inline void isolateSettings(const char* organisation) {
    QCoreApplication::setOrganizationName(organisation);
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

// `base` with the shared calibration and evaluation texts and sizes small enough for a test: 4 samples of
// 64 tokens, context 64, 2 chunks.
inline gui::AppSettings smallSettings(gui::AppSettings base = {}) {
    base.calibrationText = QString::fromStdString(sharedPath("data/calib-austen.txt"));
    base.evaluationText = QString::fromStdString(sharedPath("data/eval-persuasion.txt"));
    base.samples = 4;
    base.sequenceLength = 64;
    base.context = 64;
    base.chunks = 2;
    return base;
}

// Opens ../shared/<relative> in the window and waits for it to load; false on a timeout.
inline bool openShared(gui::MainWindow& w, const char* relative) {
    QSignalSpy loaded(&w, &gui::MainWindow::modelLoaded);
    w.openModel(QString::fromStdString(sharedPath(relative)));
    return loaded.wait(30000);
}

} // namespace qs::test

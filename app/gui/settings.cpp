#include "app/gui/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace qs::gui {

QString sharedDataPath(const QString& relative) {
    const QString path = QDir::cleanPath(QStringLiteral(QS_SHARED_DATA) + QLatin1Char('/') + relative);
    return QFileInfo::exists(path) ? path : QString();
}

AppSettings AppSettings::load() {
    QSettings s;
    AppSettings a;
    a.threads = s.value(QStringLiteral("jobs/threads"), a.threads).toInt();
    a.calibrationText = s.value(QStringLiteral("calibration/text"), sharedDataPath(QStringLiteral("calib-austen.txt"))).toString();
    a.samples = s.value(QStringLiteral("calibration/samples"), a.samples).toInt();
    a.sequenceLength = s.value(QStringLiteral("calibration/sequenceLength"), a.sequenceLength).toInt();
    a.evaluationText = s.value(QStringLiteral("evaluation/text"), sharedDataPath(QStringLiteral("eval-persuasion.txt"))).toString();
    a.context = s.value(QStringLiteral("evaluation/context"), a.context).toInt();
    a.chunks = s.value(QStringLiteral("evaluation/chunks"), a.chunks).toInt();
    a.language = s.value(QStringLiteral("ui/language")).toString();
    a.darkPalette = s.value(QStringLiteral("ui/darkPalette"), a.darkPalette).toBool();
    return a;
}

void AppSettings::save() const {
    QSettings s;
    s.setValue(QStringLiteral("jobs/threads"), threads);
    s.setValue(QStringLiteral("calibration/text"), calibrationText);
    s.setValue(QStringLiteral("calibration/samples"), samples);
    s.setValue(QStringLiteral("calibration/sequenceLength"), sequenceLength);
    s.setValue(QStringLiteral("evaluation/text"), evaluationText);
    s.setValue(QStringLiteral("evaluation/context"), context);
    s.setValue(QStringLiteral("evaluation/chunks"), chunks);
    s.setValue(QStringLiteral("ui/language"), language);
    s.setValue(QStringLiteral("ui/darkPalette"), darkPalette);
}

} // namespace qs::gui

#include "app/gui/language.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>
#include <memory>

namespace qs::gui {
namespace {
std::unique_ptr<QTranslator>& current() {
    static std::unique_ptr<QTranslator> translator;
    return translator;
}
QString& currentName() {
    static QString name;
    return name;
}
} // namespace

bool installLanguage(const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto next = std::make_unique<QTranslator>();
    const bool ok = next->load(locale, QStringLiteral("quantscope"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
                    next->load(QStringLiteral("quantscope_en"), QStringLiteral(":/i18n"));
    if (!ok) return false;
    if (current()) QCoreApplication::removeTranslator(current().get());
    QCoreApplication::installTranslator(next.get());
    current() = std::move(next);
    currentName() = language;
    return true;
}

QString installedLanguage() { return currentName(); }

} // namespace qs::gui

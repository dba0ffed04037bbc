#pragma once
// The user interface language: one application-wide translator that can be replaced while the window is
// open (Settings → Language). Installing a translator sends every widget a LanguageChange event.
#include <QString>

namespace qs::gui {

// "" = the system locale, "en", "zh_CN". Untranslated locales fall back to the English catalogue (which
// holds the plural forms). Returns false when no catalogue could be loaded.
bool installLanguage(const QString& language);
QString installedLanguage();

} // namespace qs::gui

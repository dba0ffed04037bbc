#pragma once
// Edits AppSettings: threads, calibration and evaluation inputs, language, dark palette.
#include "app/gui/settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace qs::gui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(const AppSettings& settings, QWidget* parent = nullptr);
    AppSettings settings() const;

private:
    QLineEdit* fileRow(const QString& value, const QString& tip, QFormLayout* form, const QString& label);

    AppSettings initial_;
    QSpinBox* threads_;
    QLineEdit* calibration_;
    QSpinBox* samples_;
    QSpinBox* sequenceLength_;
    QLineEdit* evaluation_;
    QSpinBox* context_;
    QSpinBox* chunks_;
    QComboBox* language_;
    QCheckBox* darkPalette_;
};

} // namespace qs::gui

#pragma once
// The Sensitivity tab: measure (a job on the core thread pool, cancellable, cached in a measurement file that
// a rerun reuses) or load a sensitivity measurement (`quantscope-cli sensitivity`'s JSON), see it as a heat
// map (block × role, colour = KLD increase per saved bit of a candidate type), move a budget slider that
// re-plans live with the core planner (size, bits per weight, estimated KLD, and the planner's curve beside
// llama.cpp's mixtures), and apply the plan to the Plan tab as one undoable step.
#include "core/model/model.h"
#include "core/plan/autoplan.h"
#include "core/plan/measurement.h"

#include <QWidget>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace qs::widgets {
class PlanCurveView;
class PlanModel;
class SensitivityHeatmap;
} // namespace qs::widgets

namespace qs::gui {

class JobRunner;

class SensitivityTab : public QWidget {
    Q_OBJECT
public:
    SensitivityTab(JobRunner* runner, qs::widgets::PlanModel* plan, QWidget* parent = nullptr);

    void setModel(std::shared_ptr<const qs::Model> model);
    // Reads a measurement file; refuses one made for another model. Returns false with `error` set.
    bool loadMeasurement(const QString& path, QString* error = nullptr);
    // Measures the open model with the settings' calibration text (KLD and output error both on it, so the
    // evaluation text stays unseen), the chosen candidates, method and chunks; cached in cacheDir(). Job id or 0.
    int runMeasurement();
    QString cacheDir() const; // where runMeasurement keeps its files (one per model and settings)
    void setMeasurement(std::shared_ptr<const qs::Measurement> m, const QString& source);
    std::shared_ptr<const qs::Measurement> measurement() const { return measurement_; }

    void showType(qs::DType type); // the candidate the heat map colours by (and the combo above it)
    void setCandidates(const QList<qs::DType>& types);
    void setChunks(int chunks);
    void setSamples(int samples);

    // Budget: slider position 0…kSliderSteps between the smallest and the largest plan the measurement allows.
    static constexpr int kSliderSteps = 1000;
    QSlider* budgetSlider() const { return slider_; }
    void setBudgetBpw(double bpw);      // moves the slider to the step nearest this bits-per-weight budget
    uint64_t budgetBytes() const;
    const std::optional<qs::Autoplan>& currentPlan() const { return plan_; }
    QString summaryText() const;
    bool applyToPlan(); // the current plan into the Plan tab, one undo step; false when there is none

    qs::widgets::SensitivityHeatmap* heatmap() const { return heatmap_; }
    qs::widgets::PlanCurveView* curve() const { return curve_; }

signals:
    void message(const QString& text); // for the Jobs & Log dock
    void measurementChanged();
    void planned();

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void showMeasurementStatus(); // what is measured, or what to do first
    void chooseAndLoad();
    void replan();
    void updateCurve();
    void updateControls();
    std::string identity(); // modelIdentity of the open model, computed once

    JobRunner* runner_;
    qs::widgets::PlanModel* planModel_;
    std::shared_ptr<const qs::Model> model_;
    std::string identity_;
    std::shared_ptr<const qs::Measurement> measurement_;
    QString source_;
    std::optional<qs::Autoplan> plan_;
    int job_ = 0;

    QLabel* candidatesLabel_;
    QList<QPair<qs::DType, QCheckBox*>> candidates_;
    QComboBox* method_;
    QSpinBox* chunks_;
    QSpinBox* samples_;
    QPushButton* run_;
    QPushButton* cancel_;
    QPushButton* load_;
    QLabel* status_;
    QString measurementStatus_; // the last text showMeasurementStatus put into status_
    QLabel* colourLabel_;
    QComboBox* shownType_;
    qs::widgets::SensitivityHeatmap* heatmap_;
    qs::widgets::PlanCurveView* curve_;
    QLabel* budgetLabel_;
    QSlider* slider_;
    QLabel* budget_;
    QPushButton* apply_;
};

} // namespace qs::gui

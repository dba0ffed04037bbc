#pragma once
// Size against KLD of mixed-precision plans: bits per weight on x, mean KLD on a log y axis. Series are lines
// (a planner's curve over budgets) or labelled points (llama.cpp's mixtures, the planner at their sizes); an
// optional marker shows the budget being planned. The Sensitivity tab draws its live curve with it, and the
// GUI's --plot-curve mode renders `bench plan`'s JSON into docs/plan-curve-*.png with the same code.
#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>
#include <optional>

class QCustomPlot;

namespace qs::widgets {

struct CurvePoint {
    double bpw = 0;
    double kld = 0;
    QString label; // drawn next to the point for Points series
};

struct CurveSeries {
    enum Style { Line, DashedLine, Points };
    QString name;
    Style style = Line;
    QColor color;
    QList<CurvePoint> points;
};

class PlanCurveView : public QWidget {
    Q_OBJECT
public:
    explicit PlanCurveView(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setSeries(const QList<CurveSeries>& series);
    void setMarker(std::optional<CurvePoint> marker); // the current plan; nullopt hides it
    QCustomPlot* plot() const { return plot_; }
    int seriesCount() const { return int(series_.size()); }

protected:
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void retranslate();
    void redraw();

    QCustomPlot* plot_;
    QString title_;
    QList<CurveSeries> series_;
    std::optional<CurvePoint> marker_;
};

} // namespace qs::widgets

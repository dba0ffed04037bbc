#include "widgets/plan_curve_view.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace qs::widgets {

PlanCurveView::PlanCurveView(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(180);
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->yAxis->setNumberPrecision(0);
    plot_->legend->setVisible(true);
    // The legend in a row of its own below the axes, one entry per line: it never covers a point.
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot_->legend->setWrap(1);
    plot_->legend->setBorderPen(Qt::NoPen);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    plot_->legend->setFont(small);
    plot_->legend->setBrush(QColor(255, 255, 255, 220));
    retranslate();
}

// The axis labels and the default marker name; the title and the series' names belong to the caller.
void PlanCurveView::retranslate() {
    plot_->xAxis->setLabel(tr("Bits per weight"));
    plot_->yAxis->setLabel(tr("Mean KLD"));
    redraw();
}

void PlanCurveView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void PlanCurveView::setTitle(const QString& title) {
    title_ = title;
    redraw();
}

void PlanCurveView::setSeries(const QList<CurveSeries>& series) {
    series_ = series;
    redraw();
}

void PlanCurveView::setMarker(std::optional<CurvePoint> marker) {
    marker_ = std::move(marker);
    redraw();
}

void PlanCurveView::redraw() {
    plot_->clearGraphs();
    plot_->clearItems();
    // The title as the plot layout's first row (added once, text updated).
    if (!title_.isEmpty()) {
        auto* title = plot_->plotLayout()->rowCount() > 1 ? qobject_cast<QCPTextElement*>(plot_->plotLayout()->element(0, 0)) : nullptr;
        if (!title) {
            plot_->plotLayout()->insertRow(0);
            title = new QCPTextElement(plot_, QString(), QFont(font().family(), font().pointSize() + 1, QFont::Bold));
            plot_->plotLayout()->addElement(0, 0, title);
        }
        title->setText(title_);
    }
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo, ylo = xlo, yhi = 0;
    auto extend = [&](const CurvePoint& p) {
        if (!(p.kld > 0)) return;
        xlo = std::min(xlo, p.bpw), xhi = std::max(xhi, p.bpw);
        ylo = std::min(ylo, p.kld), yhi = std::max(yhi, p.kld);
    };
    for (const CurveSeries& s : series_) {
        QCPGraph* g = plot_->addGraph();
        g->setName(s.name);
        QPen pen(s.color.isValid() ? s.color : QColor(60, 110, 190), s.style == CurveSeries::Points ? 1.5 : 2.0);
        if (s.style == CurveSeries::DashedLine) pen.setStyle(Qt::DashLine);
        g->setPen(pen);
        if (s.style == CurveSeries::Points) {
            g->setLineStyle(QCPGraph::lsNone);
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, pen.color(), pen.color(), 9));
        } else {
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        }
        QList<CurvePoint> pts = s.points;
        std::sort(pts.begin(), pts.end(), [](auto& a, auto& b) { return a.bpw < b.bpw; });
        for (const CurvePoint& p : pts) {
            if (!(p.kld > 0)) continue; // log axis
            g->addData(p.bpw, p.kld);
            extend(p);
            if (s.style == CurveSeries::Points && !p.label.isEmpty()) {
                auto* text = new QCPItemText(plot_);
                text->position->setCoords(p.bpw, p.kld);
                text->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
                text->setPadding(QMargins(6, 0, 0, 2));
                text->setText(p.label);
                text->setColor(pen.color());
            }
        }
    }
    if (marker_ && marker_->kld > 0) {
        QCPGraph* g = plot_->addGraph();
        g->setName(marker_->label.isEmpty() ? tr("Current budget") : marker_->label);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCrossCircle, QPen(QColor(200, 40, 40), 2), Qt::NoBrush, 13));
        g->addData(marker_->bpw, marker_->kld);
        extend(*marker_);
    }
    if (std::isfinite(xlo)) {
        const double dx = std::max(0.1, (xhi - xlo) * 0.06);
        plot_->xAxis->setRange(xlo - dx, xhi + dx);
        plot_->yAxis->setRange(ylo / 1.6, yhi * 1.6);
    } else {
        plot_->xAxis->setRange(2, 9);
        plot_->yAxis->setRange(1e-5, 1e-1);
    }
    plot_->legend->setVisible(!series_.isEmpty());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace qs::widgets

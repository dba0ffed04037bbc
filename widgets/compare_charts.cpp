#include "widgets/compare_charts.h"

#include "widgets/compare_models.h"
#include "widgets/compare_view.h"

#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace qs::widgets {

CompareChartsView::CompareChartsView(QWidget* parent) : QWidget(parent) {
    errors_ = new HistogramOverlayPlot({}, this);
    errors_->setLogDensity(true);
    scatter_ = new QCustomPlot(this);
    scatter_->setMinimumHeight(70);

    scatter_->legend->setVisible(false); // every point carries its method's name
    scatter_->xAxis->ticker()->setTickCount(4);
    scatter_->yAxis->ticker()->setTickCount(4);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(errors_);
    split->addWidget(scatter_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    retranslate();
    errors_->showMessage({});
    redrawScatter();
}

void CompareChartsView::retranslate() {
    errors_->setXLabel(tr("weight error W − Ŵ"));
    errors_->setPrompt(tr("Select a layer in the table to see each method's weight error histogram."));
    errors_->setToolTip(tr("How far each method moves the selected layer's weights from the original: narrower is better."));
    scatter_->setToolTip(tr("Whole-model size against perplexity on the evaluation text, one point per method: lower left is better."));
    scatter_->xAxis->setLabel(tr("model size (MiB)"));
    scatter_->yAxis->setLabel(tr("perplexity"));
}

void CompareChartsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        redrawScatter();
    }
    QWidget::changeEvent(event);
}

void CompareChartsView::attachTo(CompareView* view) {
    auto besides = [](QWidget* table, QWidget* plot, int tableWidth, int plotWidth) {
        auto* split = qobject_cast<QSplitter*>(table->parentWidget());
        if (!split) return;
        const int at = split->indexOf(table);
        auto* row = new QSplitter(Qt::Horizontal);
        split->replaceWidget(at, row);
        row->addWidget(table);
        row->addWidget(plot);
        row->setStretchFactor(0, 3);
        row->setStretchFactor(1, 2);
        row->setSizes({tableWidth, plotWidth});
    };
    besides(view->layerView(), errors_, 480, 340);
    besides(view->summaryView(), scatter_, 500, 320);
    hide();
}

void CompareChartsView::setComparison(std::shared_ptr<const qs::Comparison> comparison) {
    cmp_ = std::move(comparison);
    if (!cmp_) errors_->showMessage({}); // the prompt to select a layer
    redrawScatter();
}

int CompareChartsView::scatterPoints() const {
    int n = 0;
    for (int i = 0; i < scatter_->graphCount(); ++i)
        if (scatter_->graph(i)->property("method").toBool()) n += scatter_->graph(i)->dataCount();
    return n;
}

void CompareChartsView::redrawScatter() {
    scatter_->clearGraphs();
    scatter_->clearItems();
    if (!cmp_) {
        scatter_->legend->setVisible(false);
        scatter_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    const double mib = 1024.0 * 1024.0;
    double xlo = 1e300, xhi = -1e300, ylo = 1e300, yhi = -1e300;
    auto extend = [&](double x, double y) {
        xlo = std::min(xlo, x), xhi = std::max(xhi, x), ylo = std::min(ylo, y), yhi = std::max(yhi, y);
    };
    for (size_t m = 0; m < cmp_->methods.size(); ++m) {
        const auto& mc = cmp_->methods[m];
        const double ppl = mc.eval.pplCandidate;
        if (!std::isfinite(ppl) || ppl <= 0) continue;
        auto* g = scatter_->addGraph();
        g->setProperty("method", true);
        g->setName(methodLabel(mc.spec.method));
        g->setLineStyle(QCPGraph::lsNone);
        const QColor c = seriesColor(int(m));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, c, c, 10));
        const double x = double(mc.bytes) / mib;
        g->addData(x, ppl);
        extend(x, ppl);
        auto* label = new QCPItemText(scatter_);
        label->position->setCoords(x, ppl);
        // Methods on the same grid share a size: their names go round the points, not over each other.
        const bool right = m % 2 == 0, above = (m / 2) % 2 == 0;
        label->setPositionAlignment((right ? Qt::AlignLeft : Qt::AlignRight) | (above ? Qt::AlignBottom : Qt::AlignTop));
        label->setPadding(QMargins(right ? 6 : 0, above ? 0 : 4, right ? 0 : 6, above ? 4 : 0));
        label->setText(methodLabel(mc.spec.method));
        label->setColor(c);
    }
    if (cmp_->basePpl > 0) {
        // The original model, for scale: its perplexity is the floor every method approaches.
        auto* g = scatter_->addGraph();
        g->setName(tr("original"));
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QColor(128, 128, 128), 10));
        g->addData(double(cmp_->baseBytes) / mib, cmp_->basePpl);
        extend(double(cmp_->baseBytes) / mib, cmp_->basePpl);
        auto* label = new QCPItemText(scatter_);
        label->position->setCoords(double(cmp_->baseBytes) / mib, cmp_->basePpl);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        label->setPadding(QMargins(0, 0, 6, 4));
        label->setText(tr("original"));
        label->setColor(QColor(128, 128, 128));
    }
    if (xhi >= xlo) {
        const double px = std::max(0.08 * (xhi - xlo), 0.05 * std::max(1e-9, xhi));
        const double py = std::max(0.15 * (yhi - ylo), 0.01 * std::max(1e-9, yhi));
        scatter_->xAxis->setRange(std::max(0.0, xlo - px), xhi + px);
        scatter_->yAxis->setRange(ylo - py, yhi + py);
    }
    scatter_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace qs::widgets

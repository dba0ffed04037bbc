#include "widgets/sensitivity_heatmap.h"

#include "widgets/tensor_table_model.h"

#include <QEvent>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace qs::widgets {
namespace {

double bpw(qs::DType t) { return qs::bitsPerWeight(qs::traits(t)); }

// The largest measured candidate of a tensor: the reference its savings are counted from.
const std::pair<const qs::DType, qs::CandidateMeasurement>* largest(const qs::TensorMeasurement& t) {
    const std::pair<const qs::DType, qs::CandidateMeasurement>* best = nullptr;
    for (const auto& e : t.results)
        if (!best || e.second.bytes > best->second.bytes) best = &e;
    return best;
}

} // namespace

SensitivityHeatmap::SensitivityHeatmap(QWidget* parent) : QWidget(parent), plot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->setMinimumHeight(220);
    map_ = new QCPColorMap(plot_->xAxis, plot_->yAxis);
    map_->setInterpolate(false);
    map_->setTightBoundary(false);
    scale_ = new QCPColorScale(plot_);
    plot_->plotLayout()->addElement(0, 1, scale_);
    scale_->setType(QCPAxis::atRight);
    scale_->setDataScaleType(QCPAxis::stLogarithmic);
    scale_->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    scale_->axis()->setNumberFormat(QStringLiteral("eb"));
    scale_->axis()->setNumberPrecision(0);
    map_->setColorScale(scale_);
    // Viridis: dark for the cheap tensors, bright yellow for the sensitive ones; cells without a tensor light grey.
    QCPColorGradient gradient;
    gradient.setColorStopAt(0.0, QColor(68, 1, 84));
    gradient.setColorStopAt(0.25, QColor(59, 82, 139));
    gradient.setColorStopAt(0.5, QColor(33, 145, 140));
    gradient.setColorStopAt(0.75, QColor(94, 201, 98));
    gradient.setColorStopAt(1.0, QColor(253, 231, 37));
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor(236, 236, 236));
    map_->setGradient(gradient);
    auto* margins = new QCPMarginGroup(plot_);
    plot_->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale_->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    plot_->setMouseTracking(true);
    plot_->installEventFilter(this);
    rebuild();
}

void SensitivityHeatmap::setMeasurement(std::shared_ptr<const qs::Measurement> measurement) {
    m_ = std::move(measurement);
    types_.clear();
    if (m_) {
        for (const auto& t : m_->tensors)
            for (const auto& [type, r] : t.results)
                if (!types_.contains(type)) types_.append(type);
        std::sort(types_.begin(), types_.end(), [](auto a, auto b) { return bpw(a) < bpw(b); });
        if (!types_.contains(candidate_) && !types_.isEmpty()) candidate_ = types_.size() > 1 ? types_[types_.size() / 2 - 1] : types_.front();
    }
    rebuild();
}

void SensitivityHeatmap::setCandidate(qs::DType type) {
    if (!types_.contains(type) || type == candidate_) return;
    candidate_ = type;
    rebuild();
}

std::optional<SensitivityCell> SensitivityHeatmap::cell(int column, int row) const {
    if (column < 0 || row < 0 || column >= columnCount() || row >= rowCount()) return std::nullopt;
    const qs::TensorMeasurement* t = grid_[size_t(column)][size_t(row)];
    if (!t) return std::nullopt;
    const auto it = t->results.find(candidate_);
    const auto* ref = largest(*t);
    if (it == t->results.end() || !ref || ref->second.bytes <= it->second.bytes) return std::nullopt;
    SensitivityCell c;
    c.tensor = t;
    c.type = candidate_;
    c.reference = ref->first;
    c.kld = it->second.kld;
    c.referenceKld = ref->second.kld;
    c.savedBytes = ref->second.bytes - it->second.bytes;
    c.perSavedBit = (c.kld - c.referenceKld) / (8.0 * double(c.savedBytes));
    c.relOutputError = it->second.relOutputError;
    return c;
}

int SensitivityHeatmap::cellsWithData() const {
    int n = 0;
    for (int c = 0; c < columnCount(); ++c)
        for (int r = 0; r < rowCount(); ++r) n += cell(c, r).has_value();
    return n;
}

QString SensitivityHeatmap::roleLabelAt(int row) const {
    return row >= 0 && row < rowCount() ? roleLabel(roles_[size_t(row)]) : QString();
}

QString SensitivityHeatmap::cellToolTip(int column, int row) const {
    const auto c = cell(column, row);
    if (!c) return {};
    QString name = QString::fromStdString(c->tensor->name).toHtmlEscaped();
    if (!c->tensor->ggufName.empty() && c->tensor->ggufName != c->tensor->name)
        name += QStringLiteral(" (%1)").arg(QString::fromStdString(c->tensor->ggufName).toHtmlEscaped());
    QString text = tr("<b>%1</b><br>%2 instead of %3: KLD %4 (vs %5), saves %6<br>%7 KLD per saved bit")
                       .arg(name, dtypeName(c->type), dtypeName(c->reference))
                       .arg(c->kld, 0, 'e', 3)
                       .arg(c->referenceKld, 0, 'e', 3)
                       .arg(formatBytes(double(c->savedBytes)))
                       .arg(c->perSavedBit, 0, 'e', 3);
    if (c->relOutputError) text += tr("<br>relative output error %1").arg(*c->relOutputError, 0, 'e', 3);
    return text;
}

void SensitivityHeatmap::rebuild() {
    columns_.clear();
    roles_.clear();
    grid_.clear();
    if (m_) {
        std::vector<int> blocks;
        bool global = false;
        std::vector<qs::TensorRole> roles;
        for (const auto& t : m_->tensors) {
            if (t.block >= 0 && std::find(blocks.begin(), blocks.end(), t.block) == blocks.end()) blocks.push_back(t.block);
            if (t.block < 0) global = true;
            if (std::find(roles.begin(), roles.end(), t.role) == roles.end()) roles.push_back(t.role);
        }
        std::sort(blocks.begin(), blocks.end());
        std::sort(roles.begin(), roles.end(), [](auto a, auto b) { return int(a) > int(b); }); // embedding on top
        columns_ = blocks;
        if (global) columns_.push_back(-1);
        roles_ = roles;
        grid_.assign(columns_.size(), std::vector<const qs::TensorMeasurement*>(roles_.size(), nullptr));
        for (const auto& t : m_->tensors) {
            const auto c = std::find(columns_.begin(), columns_.end(), t.block < 0 ? -1 : t.block) - columns_.begin();
            const auto r = std::find(roles_.begin(), roles_.end(), t.role) - roles_.begin();
            grid_[size_t(c)][size_t(r)] = &t;
        }
    }
    const int nx = std::max(1, columnCount()), ny = std::max(1, rowCount());
    map_->data()->setSize(nx, ny);
    map_->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    double lo = std::numeric_limits<double>::infinity(), hi = 0;
    for (int c = 0; c < columnCount(); ++c)
        for (int r = 0; r < rowCount(); ++r)
            if (auto v = cell(c, r); v && v->perSavedBit > 0) lo = std::min(lo, v->perSavedBit), hi = std::max(hi, v->perSavedBit);
    if (!(hi > 0)) lo = 1e-12, hi = 1e-9;
    if (hi <= lo) hi = lo * 10;
    for (int c = 0; c < nx; ++c)
        for (int r = 0; r < ny; ++r) {
            const auto v = cell(c, r);
            // A KLD that did not rise (noise on a tiny change) is drawn at the bottom of the scale.
            map_->data()->setCell(c, r, v ? std::max(v->perSavedBit, lo) : std::numeric_limits<double>::quiet_NaN());
        }
    map_->setDataRange(QCPRange(lo, hi));

    auto xTicks = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int c = 0; c < columnCount(); ++c)
        xTicks->addTick(c, columns_[size_t(c)] >= 0 ? QString::number(columns_[size_t(c)]) : QStringLiteral("–")); // token_embd, output
    auto yTicks = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int r = 0; r < rowCount(); ++r) yTicks->addTick(r, roleLabelAt(r));
    plot_->xAxis->setTicker(xTicks);
    plot_->yAxis->setTicker(yTicks);
    plot_->xAxis->setRange(-0.5, nx - 0.5);
    plot_->yAxis->setRange(-0.5, ny - 0.5);
    plot_->xAxis->grid()->setVisible(false);
    plot_->yAxis->grid()->setVisible(false);
    retranslate();
}

// The axis and colour scale labels (the cells' tooltips are written when shown).
void SensitivityHeatmap::retranslate() {
    plot_->xAxis->setLabel(m_ ? tr("Block (–: token_embd, output)") : tr("Block"));
    plot_->yAxis->setLabel(tr("Role"));
    scale_->setLabel(m_ && !types_.isEmpty() ? tr("KLD increase per saved bit, %1 instead of %2").arg(dtypeName(candidate_), dtypeName(types_.back()))
                                             : tr("KLD increase per saved bit"));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void SensitivityHeatmap::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

bool SensitivityHeatmap::eventFilter(QObject* watched, QEvent* event) {
    if (watched == plot_ && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        showToolTipAt(help->pos(), help->globalPos());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SensitivityHeatmap::showToolTipAt(const QPoint& pos, const QPoint& globalPos) {
    int c = -1, r = -1;
    map_->data()->coordToCell(plot_->xAxis->pixelToCoord(pos.x()), plot_->yAxis->pixelToCoord(pos.y()), &c, &r);
    const QString text = cellToolTip(c, r);
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(globalPos, text, plot_);
}

} // namespace qs::widgets

#include "widgets/activation_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

namespace qs::widgets {

ActivationView::ActivationView(QWidget* parent) : QWidget(parent) {
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    log_ = new QCheckBox(this);
    log_->setChecked(true);
    calibrate_ = new QPushButton(this);
    connect(calibrate_, &QPushButton::clicked, this, &ActivationView::calibrateRequested);

    plot_ = new QCustomPlot(this);
    plot_->plotLayout()->clear();
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setMinimumHeight(70);
    auto addRect = [this](int row, const QString& x, const QString& y) {
        auto* r = new QCPAxisRect(plot_);
        plot_->plotLayout()->addElement(0, row, r);
        r->axis(QCPAxis::atBottom)->setLabel(x);
        r->axis(QCPAxis::atLeft)->setLabel(y);
        r->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        r->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        r->axis(QCPAxis::atBottom)->ticker()->setTickCount(row == 0 ? 4 : 3); // readable when the panel is narrow
        return r;
    };
    histRect_ = addRect(0, {}, {});
    chanRect_ = addRect(1, {}, {});
    bars_ = new QCPBars(histRect_->axis(QCPAxis::atBottom), histRect_->axis(QCPAxis::atLeft));
    bars_->setPen(Qt::NoPen);
    bars_->setBrush(QColor(40, 150, 150));
    chanGraph_ = new QCPGraph(chanRect_->axis(QCPAxis::atBottom), chanRect_->axis(QCPAxis::atLeft));
    chanGraph_->setPen(QPen(QColor(40, 150, 150)));

    overlay_ = new HistogramOverlayPlot({}, this);
    overlay_->setLogDensity(true);
    connect(log_, &QCheckBox::toggled, this, [this](bool on) {
        overlay_->setLogDensity(on);
        redraw();
    });

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(text_, 1);
    top->addWidget(log_);
    top->addWidget(calibrate_);
    leftLayout->addLayout(top);
    leftLayout->addWidget(plot_, 1);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(overlay_);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);
    retranslate();
    setActivations({}, nullptr);
    overlay_->showMessage({});
}

void ActivationView::retranslate() {
    log_->setText(tr("Log counts"));
    log_->setToolTip(tr("Show activation counts and overlay densities on a logarithmic axis: activation outliers live in the tails."));
    calibrate_->setText(tr("Calibrate"));
    calibrate_->setToolTip(tr("Run the model on the calibration text (Settings) and record what every linear layer reads (runs as a job)."));
    plot_->setToolTip(tr("Input activations of the selected tensor over the calibration windows: value histogram and per-channel absmax."));
    histRect_->axis(QCPAxis::atBottom)->setLabel(tr("activation value"));
    histRect_->axis(QCPAxis::atLeft)->setLabel(tr("count"));
    chanRect_->axis(QCPAxis::atBottom)->setLabel(tr("input channel"));
    chanRect_->axis(QCPAxis::atLeft)->setLabel(tr("activation absmax"));
    overlay_->setXLabel(tr("weight value"));
    overlay_->setToolTip(tr("Weight histograms of up to four tensors selected together in the model panel (Ctrl+click), as densities."));
    overlay_->setPrompt(tr("Select up to four tensors (Ctrl+click) to overlay their weight histograms."));
    if (stats_) redraw(); // the summary line
    else if (message_.isEmpty()) text_->setText(promptText());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ActivationView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ActivationView::setActivations(const QString& tensor, const ActivationStats* stats, const QString& message) {
    tensor_ = tensor;
    stats_ = stats ? std::make_unique<ActivationStats>(*stats) : nullptr;
    message_ = message;
    redraw();
    if (!stats_) text_->setText(message.isEmpty() ? promptText() : message);
}

QString ActivationView::promptText() { return tr("Run → Calibrate (Ctrl+Shift+K) to see the selected tensor's input activations."); }

int ActivationView::activationBars() const { return bars_->dataCount(); }
int ActivationView::channelPoints() const { return chanGraph_->dataCount(); }
QString ActivationView::activationText() const { return text_->text(); }

void ActivationView::redraw() {
    bars_->data()->clear();
    chanGraph_->data()->clear();
    const bool log = log_->isChecked();
    auto* counts = histRect_->axis(QCPAxis::atLeft);
    counts->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) counts->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else counts->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    bars_->setBaseValue(log ? 0.5 : 0.0);
    plot_->setVisible(stats_ != nullptr);
    if (stats_) {
        const auto& h = stats_->histogram;
        double top = 1;
        for (int i = 0; i < int(h.counts.size()); ++i) {
            const double c = double(h.counts[size_t(i)]);
            if (log && c <= 0) continue;
            bars_->addData(0.5 * (h.binLow(i) + h.binHigh(i)), c);
            top = std::max(top, c);
        }
        bars_->setWidth(h.counts.empty() ? 1 : (h.hi - h.lo) / double(h.counts.size()));
        const double pad = 0.02 * (h.hi - h.lo);
        histRect_->axis(QCPAxis::atBottom)->setRange(h.lo - pad, h.hi + pad);
        counts->setRange(log ? 0.5 : 0, log ? top * 2 : top * 1.08);
        QVector<double> ch, mx;
        float cmax = 0;
        for (size_t c = 0; c < stats_->channelAbsmax.size(); ++c) {
            ch << double(c);
            mx << double(stats_->channelAbsmax[c]);
            cmax = std::max(cmax, stats_->channelAbsmax[c]);
        }
        chanGraph_->setData(ch, mx, true);
        chanRect_->axis(QCPAxis::atBottom)->setRange(-0.5, std::max(1.0, double(ch.size()) - 0.5));
        chanRect_->axis(QCPAxis::atLeft)->setRange(0, std::max(1e-6, double(cmax) * 1.08));
        // Channels whose absmax dwarfs the median are what AWQ protects and what per-tensor activation scales suffer from.
        std::vector<float> sorted = stats_->channelAbsmax;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.empty() ? 0 : sorted[sorted.size() / 2];
        text_->setText(tr("Input activations <b>%1</b>: %2 channels × %3 tokens · mean %4 · σ %5 · absmax %6 · max/median channel absmax %7")
                           .arg(QString::fromStdString(stats_->input))
                           .arg(stats_->channels)
                           .arg(stats_->tokens)
                           .arg(stats_->mean, 0, 'g', 4)
                           .arg(stats_->stddev, 0, 'g', 4)
                           .arg(stats_->absmax, 0, 'g', 4)
                           .arg(median > 0 ? double(cmax) / median : 0.0, 0, 'f', 1));
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace qs::widgets

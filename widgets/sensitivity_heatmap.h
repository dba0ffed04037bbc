#pragma once
// The sensitivity heat map: one cell per (decoder block, tensor role) of a sensitivity measurement, coloured
// by what quantizing that tensor to a chosen candidate type costs per bit it saves against the reference (the
// largest measured candidate): (KLD(type) − KLD(reference)) / (8 · (bytes(reference) − bytes(type))), on a log
// scale. token_embd and output sit in a column of their own. Hovering a cell shows its numbers.
#include "core/plan/measurement.h"

#include <QWidget>
#include <memory>
#include <optional>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QMouseEvent;

namespace qs::widgets {

struct SensitivityCell {
    const qs::TensorMeasurement* tensor = nullptr;
    qs::DType type = qs::DType::Q4_K, reference = qs::DType::Q8_0;
    double kld = 0, referenceKld = 0;  // measured mean KLD increases
    uint64_t savedBytes = 0;           // bytes(reference) − bytes(type)
    double perSavedBit = 0;            // (kld − referenceKld) / (8 · savedBytes)
    std::optional<double> relOutputError;
};

class SensitivityHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit SensitivityHeatmap(QWidget* parent = nullptr);

    void setMeasurement(std::shared_ptr<const qs::Measurement> measurement); // null: empty
    // The candidate whose cost is shown; ignored when the measurement has no such type.
    void setCandidate(qs::DType type);
    qs::DType candidate() const { return candidate_; }
    // The measured types in size order, largest last (the reference).
    QList<qs::DType> measuredTypes() const { return types_; }

    QCustomPlot* plot() const { return plot_; }
    int columnCount() const { return int(columns_.size()); } // blocks (+1 for token_embd/output)
    int rowCount() const { return int(roles_.size()); }
    int cellsWithData() const;
    // The cell at column (block index, or the last column for token_embd/output) and row (role index).
    std::optional<SensitivityCell> cell(int column, int row) const;
    QString cellToolTip(int column, int row) const;
    QString roleLabelAt(int row) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override; // a live language switch

private:
    void rebuild();
    void retranslate();
    void showToolTipAt(const QPoint& pos, const QPoint& globalPos);

    std::shared_ptr<const qs::Measurement> m_;
    qs::DType candidate_ = qs::DType::Q4_K;
    QList<qs::DType> types_;
    std::vector<int> columns_;           // block per column; -1 for token_embd/output
    std::vector<qs::TensorRole> roles_;  // role per row
    std::vector<std::vector<const qs::TensorMeasurement*>> grid_; // [column][row]
    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
};

} // namespace qs::widgets

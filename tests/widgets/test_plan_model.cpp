// PlanModel, TensorTableModel and JobsModel on austen-5m: plan editing rules, sizes, undo, display data.
#include "core/model/model.h"
#include "core/plan/llama_mixture.h"
#include "tests/support/support.h"
#include "widgets/jobs_model.h"
#include "widgets/plan_model.h"
#include "widgets/plan_size.h"
#include "widgets/tensor_table_model.h"

#include <QSignalSpy>
#include <QUndoStack>
#include <QtTest>

using qs::widgets::PlanModel;
using qs::widgets::TensorTableModel;

class TestPlanModel : public QObject {
    Q_OBJECT
    std::shared_ptr<const qs::Model> model_;
    int indexOf(qs::TensorRole role, int block) const { return int(model_->find(role, block) - model_->tensors().data()); }

private slots:
    void initTestCase() {
        QS_REQUIRE_SHARED("models/austen-5m");
        model_ = std::make_shared<const qs::Model>(qs::loadModel(qs::test::sharedPath("models/austen-5m")));
    }

    void keepPlanAndEditableRows() {
        PlanModel plan;
        QSignalSpy changed(&plan, &PlanModel::planChanged);
        plan.setModel(model_);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(plan.rowCount(), 39);
        const int q0 = indexOf(qs::TensorRole::AttnQ, 0), norm0 = indexOf(qs::TensorRole::AttnNorm, 0);
        QCOMPARE(plan.plan()[size_t(q0)], qs::DType::F16);
        QCOMPARE(plan.plan()[size_t(norm0)], qs::DType::F32); // as export keeps 1-D tensors
        QVERIFY(plan.isEditable(q0));
        QVERIFY(!plan.isEditable(norm0));
        QVERIFY(plan.flags(plan.index(q0, PlanModel::Target)) & Qt::ItemIsEditable);
        QVERIFY(!(plan.flags(plan.index(norm0, PlanModel::Target)) & Qt::ItemIsEditable));
        QCOMPARE(plan.setTargets({norm0}, qs::DType::Q4_0), 0);
        QCOMPARE(plan.undoStack()->count(), 0);
        QVERIFY(!plan.setData(plan.index(q0, PlanModel::Target), "NOT_A_TYPE"));
        QVERIFY(!plan.setData(plan.index(q0, PlanModel::Target), "Q8_1")); // not a plannable target
    }

    void sizesFollowTheTypeTable() {
        PlanModel plan;
        plan.setModel(model_);
        const int q0 = indexOf(qs::TensorRole::AttnQ, 0); // [256, 256]
        QCOMPARE(plan.setTargets({q0}, qs::DType::Q4_0), 1);
        QCOMPARE(qs::widgets::plannedBytes(model_->tensors()[size_t(q0)], qs::DType::Q4_0), uint64_t(256 * 8 * 18));
        QCOMPARE(plan.index(q0, PlanModel::Bpw).data().toString(), QString("4.50"));
        QCOMPARE(plan.plannedBytes(), qs::widgets::plannedBytes(*model_, plan.plan()));
        // A K type on rows that do not fit its 256-block falls back as export does (ffn_down rows are 768: fits).
        QCOMPARE(qs::widgets::plannedBytes(model_->tensors()[size_t(q0)], qs::DType::Q4_K), uint64_t(256 * 144));
    }

    void rowsMatchingRoleAndBlocks() {
        PlanModel plan;
        plan.setModel(model_);
        QCOMPARE(plan.rowsMatching(qs::TensorRole::AttnV, -1, -1).size(), 4);
        QCOMPARE(plan.rowsMatching(qs::TensorRole::AttnV, 2, -1).size(), 2);
        QCOMPARE(plan.rowsMatching(std::nullopt, 0, 0).size(), 9);
        QCOMPARE(plan.rowsMatching(qs::TensorRole::Embedding, 0, 3).size(), 0); // outside the blocks
        QCOMPARE(plan.rowsMatching(std::nullopt, -1, -1).size(), 39);
    }

    void presetsAreOneUndoStepEach() {
        PlanModel plan;
        plan.setModel(model_);
        const auto keep = plan.plan();
        plan.applyMixture(qs::LlamaFtype::Q4_K_M);
        QCOMPARE(plan.plan(), qs::llamaMixtureTypes(*model_, qs::LlamaFtype::Q4_K_M));
        plan.applyPure(qs::DType::Q8_0);
        QCOMPARE(plan.plan()[size_t(indexOf(qs::TensorRole::MlpDown, 3))], qs::DType::Q8_0);
        QCOMPARE(plan.undoStack()->count(), 2);
        plan.undoStack()->undo();
        QCOMPARE(plan.plan(), qs::llamaMixtureTypes(*model_, qs::LlamaFtype::Q4_K_M));
        plan.undoStack()->undo();
        QCOMPARE(plan.plan(), keep);
        plan.applyMixture(qs::LlamaFtype::Q4_K_M);
        QVERIFY(!plan.undoStack()->canRedo()); // a new edit drops the redo branch
        // Setting a new model clears the history.
        plan.setModel(model_);
        QCOMPARE(plan.undoStack()->count(), 0);
    }

    void tensorTableShowsArrivingColumns() {
        TensorTableModel table;
        table.setModel(model_);
        const int down2 = indexOf(qs::TensorRole::MlpDown, 2);
        QCOMPARE(table.index(down2, TensorTableModel::Name).data().toString(), QString("mlp.down_proj.weight"));
        QCOMPARE(table.index(down2, TensorTableModel::Name).data(TensorTableModel::SortRole).toString(),
                 QString("model.layers.2.mlp.down_proj.weight"));
        QVERIFY(table.index(down2, TensorTableModel::Absmax).data().isNull());
        table.setStats(down2, {0.125, 3.5, 0.0002});
        QCOMPARE(table.index(down2, TensorTableModel::Absmax).data().toString(), QString("0.125"));
        QCOMPARE(table.index(down2, TensorTableModel::Kurtosis).data().toString(), QString("3.50"));
        QCOMPARE(table.index(down2, TensorTableModel::Outliers).data().toString(), QString("0.0200 %"));
        QCOMPARE(table.index(down2, TensorTableModel::Kurtosis).data(TensorTableModel::SortRole).toDouble(), 3.5);
        table.setPlan(qs::llamaMixtureTypes(*model_, qs::LlamaFtype::Q4_K_M));
        QCOMPARE(table.index(down2, TensorTableModel::Planned).data().toString(), QString("Q6_K"));
        QCOMPARE(table.index(down2, TensorTableModel::PlannedBpw).data().toString(), QString("6.56"));
        std::vector<std::optional<double>> errors(39);
        errors[size_t(down2)] = 0.0123;
        table.setErrors(errors);
        QCOMPARE(table.index(down2, TensorTableModel::Error).data().toString(), QString("1.230 %"));
        for (int c = 0; c < TensorTableModel::ColumnCount; ++c)
            QVERIFY2(!table.headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(), qPrintable(QString::number(c)));
    }

    void jobsModelRows() {
        qs::widgets::JobsModel jobs;
        jobs.addJob(7, "quantize");
        jobs.setProgress(7, 0.5, "quantizing", 2.0, 2.0);
        QCOMPARE(jobs.index(0, qs::widgets::JobsModel::ProgressCol).data().toString(), QString("50 %"));
        QCOMPARE(jobs.index(0, qs::widgets::JobsModel::Eta).data().toString(), QString("2 s"));
        jobs.finishJob(7, qs::widgets::JobsModel::State::Cancelled, {}, 3.0);
        jobs.setProgress(7, 0.9, "late", 3.5, 0.1); // late reports after the end are ignored
        QCOMPARE(jobs.job(7)->fraction, 0.5);
        QCOMPARE(jobs.index(0, qs::widgets::JobsModel::Status).data().toString(), qs::widgets::JobsModel::stateText(qs::widgets::JobsModel::State::Cancelled));
        QCOMPARE(qs::widgets::JobsModel::durationText(125), QString("2 min 5 s"));
    }
};

QTEST_MAIN(TestPlanModel)
#include "test_plan_model.moc"

#include "core/formats/json_strict.h"
#include "core/formats/safetensors_writer.h"
#include "core/model/model.h"
#include "core/util/error.h"
#include "tests/support/support.h"
#include "tests/support/tiny_model.h"

#include <QtTest>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

// Parameter count implied by config.json alone.
int64_t paramsFromConfig(const nlohmann::json& c) {
    const int64_t d = c["hidden_size"], f = c["intermediate_size"], L = c["num_hidden_layers"], v = c["vocab_size"];
    const int64_t h = c["num_attention_heads"], kv = c["num_key_value_heads"];
    const int64_t hd = c.contains("head_dim") ? c["head_dim"].get<int64_t>() : d / h;
    const bool tied = c.value("tie_word_embeddings", false);
    const int64_t perLayer = d * h * hd + 2 * d * kv * hd + h * hd * d + 3 * d * f + 2 * d;
    return v * d * (tied ? 1 : 2) + L * perLayer + d;
}

std::string loadError(const std::string& path) {
    try {
        qs::loadModel(path);
        return "";
    } catch (const qs::Error& e) {
        return e.what();
    }
}

} // namespace

class TestModelLoading : public QObject {
    Q_OBJECT
private slots:
    void sharedHfModels_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<qlonglong>("params");
        QTest::newRow("austen-5m") << "austen-5m" << "F16" << 5245184LL;
        QTest::newRow("austen-29m") << "austen-29m" << "BF16" << 29368832LL;
    }
    void sharedHfModels() {
        QFETCH(QString, name);
        QFETCH(QString, dtype);
        QFETCH(qlonglong, params);
        const std::string rel = "models/" + name.toStdString();
        QS_REQUIRE_SHARED("models/austen-5m");
        const auto cfg = qs::readJsonFile(qs::test::sharedPath(rel + "/config.json"));
        const qs::Model m = qs::loadModel(qs::test::sharedPath(rel));
        const auto& hp = m.hparams();
        QCOMPARE(hp.architecture, std::string("llama"));
        QCOMPARE(hp.numLayers, cfg["num_hidden_layers"].get<int64_t>());
        QCOMPARE(hp.hiddenSize, cfg["hidden_size"].get<int64_t>());
        QCOMPARE(hp.numKvHeads, cfg["num_key_value_heads"].get<int64_t>());
        QCOMPARE(m.totalParams(), params);
        QCOMPARE(m.totalParams(), paramsFromConfig(cfg));
        QCOMPARE(m.tensors().size(), size_t(9 * hp.numLayers + 3));
        for (auto& t : m.tensors()) {
            QCOMPARE(QString::fromUtf8(qs::typeName(t.type).data()), dtype);
            QCOMPARE(t.bytes, uint64_t(t.params * 2));
        }
        QCOMPARE(m.require(qs::TensorRole::AttnK, 0).shape, (std::vector<int64_t>{hp.numKvHeads * hp.headDim, hp.hiddenSize}));
        QCOMPARE(m.require(qs::TensorRole::MlpDown, int(hp.numLayers) - 1).shape,
                 (std::vector<int64_t>{hp.hiddenSize, hp.intermediateSize}));
        QVERIFY(!m.tokenizerModelPath().empty());
    }

    void bothConfigLayouts() {
        QS_REQUIRE_SHARED("models/austen-29m");
        const qs::Model older = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const qs::Model newer = qs::loadModel(qs::test::sharedPath("models/austen-29m"));
        QCOMPARE(older.hparams().ropeTheta, 10000.0);
        QVERIFY(!older.hparams().newerConfigLayout);
        QCOMPARE(newer.hparams().ropeTheta, 50000.0); // from rope_parameters
        QVERIFY(newer.hparams().newerConfigLayout);
        QCOMPARE(newer.hparams().headDim, int64_t(64));
        QCOMPARE(newer.hparams().torchDtype, std::string("bfloat16"));
    }

    void shardedTensorsComeFromTheirShard() {
        QS_REQUIRE_SHARED("models/austen-29m");
        const qs::Model m = qs::loadModel(qs::test::sharedPath("models/austen-29m"));
        QVERIFY(m.require(qs::TensorRole::Embedding).file.ends_with("model-00001-of-00003.safetensors"));
        QVERIFY(m.require(qs::TensorRole::AttnQ, 4).file.ends_with("model-00002-of-00003.safetensors"));
        QVERIFY(m.outputHead().file.ends_with("model-00003-of-00003.safetensors"));
    }

    void ggufMatchesHfFolder() {
        QS_REQUIRE_SHARED("models/austen-5m-f16.gguf");
        const qs::Model hf = qs::loadModel(qs::test::sharedPath("models/austen-5m"));
        const qs::Model gg = qs::loadModel(qs::test::sharedPath("models/austen-5m-f16.gguf"));
        QCOMPARE(gg.hparams().numLayers, hf.hparams().numLayers);
        QCOMPARE(gg.hparams().numKvHeads, hf.hparams().numKvHeads);
        QCOMPARE(gg.hparams().headDim, hf.hparams().headDim);
        QCOMPARE(gg.hparams().vocabSize, hf.hparams().vocabSize);
        QCOMPARE(gg.totalParams(), hf.totalParams());
        QCOMPARE(gg.tensors().size(), hf.tensors().size());
        for (auto& t : hf.tensors()) {
            const auto* g = gg.find(t.role, t.block, t.isBias);
            QVERIFY2(g, t.name.c_str());
            QCOMPARE(g->shape, t.shape);
            // F16 in both files; GGUF q/k rows come back un-permuted, so the values are identical.
            QVERIFY2(hf.readAll(t) == gg.readAll(*g), t.name.c_str());
        }
        // The stored (permuted) order really differs for q.
        const auto& q = gg.require(qs::TensorRole::AttnQ, 0);
        QVERIFY(gg.readAll(q, qs::RowOrder::Stored) != gg.readAll(q, qs::RowOrder::Canonical));
    }

    void tinyModelsLoad() {
        QTemporaryDir single, sharded;
        qs::test::writeTinyModel(single.path().toStdString(), false);
        qs::test::writeTinyModel(sharded.path().toStdString(), true);
        QCOMPARE(loadError(single.path().toStdString()), std::string());
        QCOMPARE(loadError(sharded.path().toStdString()), std::string());
    }

    void badFolders() {
        QTemporaryDir d;
        const std::string dir = d.path().toStdString();
        QVERIFY(loadError(dir).find("no config.json") != std::string::npos);
        qs::test::writeTinyModel(dir, true);
        fs::remove(dir + "/model-00002-of-00002.safetensors");
        QVERIFY2(loadError(dir).find("missing shard model-00002-of-00002.safetensors") != std::string::npos, loadError(dir).c_str());

        QTemporaryDir d2;
        const std::string dir2 = d2.path().toStdString();
        qs::test::writeTinyModel(dir2, false);
        qs::test::writeFile(dir2 + "/config.json", std::string(R"({"model_type":"gpt2","n_embd":8})"));
        QVERIFY2(loadError(dir2).find("not a Llama-family model") != std::string::npos, loadError(dir2).c_str());
        qs::test::writeFile(dir2 + "/config.json", std::string(R"({"model_type":"llama","hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"num_key_value_heads":1,"vocab_size":64})"));
        QVERIFY2(loadError(dir2).find("has shape [32, 8] but the configuration implies [64, 8]") != std::string::npos,
                 loadError(dir2).c_str());
        qs::test::writeFile(dir2 + "/config.json", std::string("{\"model_type\":\"llama\",\"hidden_size\":8,"));
        QVERIFY2(loadError(dir2).find("config.json: invalid JSON") != std::string::npos, loadError(dir2).c_str());
        qs::test::writeFile(dir2 + "/config.json", std::string(R"({"model_type":"llama","hidden_size":-8})"));
        QVERIFY2(loadError(dir2).find("must be a positive integer") != std::string::npos, loadError(dir2).c_str());

        QTemporaryDir d3;
        const std::string dir3 = d3.path().toStdString();
        qs::test::writeTinyModel(dir3, false);
        auto bytes = qs::test::readFile(dir3 + "/model.safetensors");
        bytes.resize(bytes.size() - 10);
        qs::test::writeFile(dir3 + "/model.safetensors", bytes);
        QVERIFY2(loadError(dir3).find("model.safetensors: tensor data covers") != std::string::npos, loadError(dir3).c_str());
        QVERIFY(loadError("/nonexistent/model.gguf").find("no such file") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestModelLoading)
#include "test_model_loading.moc"

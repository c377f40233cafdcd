<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>Activity</name>
    <message>
        <source>working</source>
        <translation>處理</translation>
    </message>
    <message>
        <source>saving</source>
        <translation>儲存</translation>
    </message>
    <message>
        <source>loading the model</source>
        <translation>載入模型</translation>
    </message>
    <message>
        <source>reading the model</source>
        <translation>讀取模型</translation>
    </message>
    <message>
        <source>recognizing the drawing</source>
        <translation>辨識手寫數字</translation>
    </message>
    <message>
        <source>training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>fine-tuning</source>
        <translation>微調</translation>
    </message>
    <message>
        <source>evaluating on the test set</source>
        <translation>在測試集上評估</translation>
    </message>
</context>
<context>
    <name>BackgroundJob</name>
    <message>
        <source>Loading MNIST…</source>
        <translation>正在載入 MNIST…</translation>
    </message>
    <message>
        <source>Preparing augmented digits…</source>
        <translation>正在準備資料擴增的數字…</translation>
    </message>
    <message>
        <source>Training on {count} images…</source>
        <translation>正在以 {count} 張圖片訓練…</translation>
    </message>
    <message>
        <source>Saving the model…</source>
        <translation>正在儲存模型…</translation>
    </message>
    <message>
        <source>Reading your samples…</source>
        <translation>正在讀取你的樣本…</translation>
    </message>
    <message>
        <source>There are no samples yet: draw a digit and press its key on the pad to keep it as an example, then fine-tune.</source>
        <translation>還沒有任何樣本：先畫一個數字，在畫板上按下對應的數字鍵把它留作樣本，再進行微調。</translation>
    </message>
    <message>
        <source>Checking the model, then fine-tuning on {count} samples…</source>
        <translation>正在檢查模型，接著以 {count} 個樣本微調…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Pen width in pixels</source>
        <translation>筆寬（像素）</translation>
    </message>
    <message>
        <source>&amp;Pen width:</source>
        <translation>筆寬(&amp;P)：</translation>
    </message>
    <message>
        <source>Undo stroke</source>
        <translation>復原筆畫</translation>
    </message>
    <message>
        <source>Remove the last stroke (Ctrl+Z)</source>
        <translation>移除最後一筆（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Erase the pad (Esc)</source>
        <translation>清空畫板（Esc）</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>What the network sees (28×28)</source>
        <translation>神經網路看到的輸入（28×28）</translation>
    </message>
    <message>
        <source>The digit the network finds most likely</source>
        <translation>神經網路認為最有可能的數字</translation>
    </message>
    <message>
        <source>Your own examples per digit. Wrong prediction? Press the right digit key on the pad (or click its column above) to keep the drawing as an example of it.</source>
        <translation>你為每個數字保留的樣本。預測錯了嗎？在畫板上按下正確的數字鍵（或點選上方對應的長條），就會把這張手寫留作該數字的樣本。</translation>
    </message>
    <message>
        <source>&amp;Train model…</source>
        <translation>訓練模型(&amp;T)…</translation>
    </message>
    <message>
        <source>Train the network on MNIST yourself</source>
        <translation>自己用 MNIST 訓練神經網路</translation>
    </message>
    <message>
        <source>&amp;Fine-tune on my samples…</source>
        <translation>用我的樣本微調(&amp;F)…</translation>
    </message>
    <message>
        <source>Teach the model your handwriting from the samples you kept</source>
        <translation>用你保留的樣本讓模型學會你的筆跡</translation>
    </message>
    <message>
        <source>My &amp;samples…</source>
        <translation>我的樣本(&amp;S)…</translation>
    </message>
    <message>
        <source>The drawings you kept as examples: delete, relabel, export, import</source>
        <translation>你保留作為樣本的手寫：刪除、重新標記、匯出、匯入</translation>
    </message>
    <message>
        <source>&amp;Load model…</source>
        <translation>載入模型(&amp;L)…</translation>
    </message>
    <message>
        <source>Use a .keras model file</source>
        <translation>使用一個 .keras 模型檔</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>模型另存新檔(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the model in use to a .keras file</source>
        <translation>把目前使用的模型存成 .keras 檔</translation>
    </message>
    <message>
        <source>&amp;Reset to bundled model</source>
        <translation>還原為內建模型(&amp;R)</translation>
    </message>
    <message>
        <source>Go back to the pretrained model that comes with digitpad</source>
        <translation>回到 digitpad 附帶的預訓練模型</translation>
    </message>
    <message>
        <source>Layer &amp;summary…</source>
        <translation>模型各層摘要(&amp;Y)…</translation>
    </message>
    <message>
        <source>The layers of the model in use and their parameters</source>
        <translation>目前模型的各層與參數</translation>
    </message>
    <message>
        <source>&amp;Evaluate on test set…</source>
        <translation>在測試集上評估(&amp;E)…</translation>
    </message>
    <message>
        <source>Accuracy, confusion matrix and mistakes on the 10,000 MNIST test images</source>
        <translation>在 10,000 張 MNIST 測試圖片上的準確率、混淆矩陣與錯誤</translation>
    </message>
    <message>
        <source>&amp;Inside the network</source>
        <translation>神經網路內部(&amp;I)</translation>
    </message>
    <message>
        <source>Every layer&apos;s activations for the drawing, live</source>
        <translation>即時顯示每一層對這張手寫的輸出</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo stroke</source>
        <translation>復原筆畫(&amp;U)</translation>
    </message>
    <message>
        <source>Remove the last stroke</source>
        <translation>移除最後一筆</translation>
    </message>
    <message>
        <source>&amp;Clear pad</source>
        <translation>清空畫板(&amp;C)</translation>
    </message>
    <message>
        <source>Erase the pad</source>
        <translation>清空畫板</translation>
    </message>
    <message>
        <source>&amp;Focus the pad</source>
        <translation>焦點移到畫板(&amp;F)</translation>
    </message>
    <message>
        <source>Put the keyboard focus on the pad: digit keys 0–9 then keep samples</source>
        <translation>把鍵盤焦點移到畫板：之後按數字鍵 0–9 即可保留樣本</translation>
    </message>
    <message>
        <source>&amp;About digitpad</source>
        <translation>關於 digitpad(&amp;A)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟隨系統(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>信心</translation>
    </message>
    <message>
        <source>My samples: counting…</source>
        <translation>我的樣本：計算中…</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>正在等待模型…</translation>
    </message>
    <message>
        <source>The pad is blank: draw a digit.</source>
        <translation>畫板是空白的：請畫一個數字。</translation>
    </message>
    <message>
        <source>{percent} % sure</source>
        <translation>把握度 {percent} %</translation>
    </message>
    <message>
        <source>The network reads {digit}, {sure}.</source>
        <translation>神經網路判讀為 {digit}，{sure}。</translation>
    </message>
    <message>
        <source>The pad is blank: draw a {digit} first, then press {digit} to keep it.</source>
        <translation>畫板是空白的：請先畫一個 {digit}，再按 {digit} 保留它。</translation>
    </message>
    <message>
        <source>Could not save the sample</source>
        <translation>無法儲存樣本</translation>
    </message>
    <message numerus="yes">
        <source>Saved as an example of {digit} · %n sample(s) of {digit}</source>
        <translation>
            <numerusform>已存為 {digit} 的樣本 · {digit} 共有 %n 個樣本</numerusform>
        </translation>
    </message>
    <message>
        <source>My samples ({total}):  {per_digit}</source>
        <translation>我的樣本（{total}）：  {per_digit}</translation>
    </message>
    <message>
        <source>Could not load the model</source>
        <translation>無法載入模型</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>沒有模型</translation>
    </message>
    <message>
        <source>{name} (bundled)</source>
        <translation>{name}（內建）</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在載入 {name}…</translation>
    </message>
    <message>
        <source>Loading {name}… (still using {current})</source>
        <translation>正在載入 {name}…（仍在使用 {current}）</translation>
    </message>
    <message>
        <source>No model loaded: use Model ▸ Load model… or Model ▸ Train model…</source>
        <translation>尚未載入模型：請使用「模型 ▸ 載入模型…」或「模型 ▸ 訓練模型…」</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source> · test accuracy {percent} %</source>
        <translation> · 測試準確率 {percent} %</translation>
    </message>
    <message>
        <source>Load a model</source>
        <translation>載入模型</translation>
    </message>
    <message>
        <source>Keras models (*.keras);;All files (*)</source>
        <translation>Keras 模型 (*.keras);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Save the model as</source>
        <translation>模型另存為</translation>
    </message>
    <message>
        <source>Keras models (*.keras)</source>
        <translation>Keras 模型 (*.keras)</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>正在儲存 {name}…</translation>
    </message>
    <message>
        <source>Saved the model to {path}</source>
        <translation>模型已儲存到 {path}</translation>
    </message>
    <message>
        <source>Could not save the model</source>
        <translation>無法儲存模型</translation>
    </message>
    <message>
        <source>Layer summary</source>
        <translation>模型各層摘要</translation>
    </message>
    <message>
        <source>Test image {index}: a {label} the network read as {predicted} ({percent} %)</source>
        <translation>測試圖片 {index}：一個 {label}，神經網路判讀為 {predicted}（{percent} %）</translation>
    </message>
    <message>
        <source>About digitpad</source>
        <translation>關於 digitpad</translation>
    </message>
    <message>
        <source>&lt;p&gt;Draw a digit and watch the classic Keras MNIST CNN recognize it: the ten softmax probabilities update as you draw.&lt;/p&gt;&lt;p&gt;Train the network yourself (Model ▸ Train model…), look at its layers (Model ▸ Layer summary…) and inside it (View ▸ Inside the network).&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;p&gt;畫一個數字，看經典的 Keras MNIST 卷積神經網路（CNN）辨識它：十個 softmax 機率會隨著你的筆畫即時更新。&lt;/p&gt;&lt;p&gt;你可以自己訓練神經網路（模型 ▸ 訓練模型…）、查看它的各層（模型 ▸ 模型各層摘要…）以及它的內部（檢視 ▸ 神經網路內部）。&lt;/p&gt;&lt;p&gt;MIT 授權。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Stopping the training before closing…</source>
        <translation>關閉前正在停止訓練…</translation>
    </message>
</context>
<context>
    <name>describe_error</name>
    <message>
        <source>There was not enough memory for {doing}; close other programs or, for training, choose a smaller batch size.</source>
        <translation>{doing}時記憶體不足；請關閉其他程式，若是訓練，請選擇較小的批次大小。</translation>
    </message>
    <message>
        <source>Something went wrong while {doing} ({error}: {detail}).</source>
        <translation>{doing}時發生錯誤（{error}：{detail}）。</translation>
    </message>
</context>
</TS>

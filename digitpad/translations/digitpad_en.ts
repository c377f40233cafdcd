<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>FeatureGrid</name>
    <message numerus="yes">
        <source>%n neuron(s)</source>
        <translation>
            <numerusform>%n neuron</numerusform>
            <numerusform>%n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>%n map of {height}×{width}</numerusform>
            <numerusform>%n maps of {height}×{width}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InsideView</name>
    <message numerus="yes">
        <source>{kind}: %n map(s) of {height}×{width}</source>
        <translation>
            <numerusform>{kind}: %n map of {height}×{width}</numerusform>
            <numerusform>{kind}: %n maps of {height}×{width}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>output (softmax): %n neuron(s)</source>
        <translation>
            <numerusform>output (softmax): %n neuron</numerusform>
            <numerusform>output (softmax): %n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{kind}: %n neuron(s)</source>
        <translation>
            <numerusform>{kind}: %n neuron</numerusform>
            <numerusform>{kind}: %n neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First convolution&apos;s %n learned {height}×{width} kernel(s) · colour {scale} (blue negative, white 0, red positive)</source>
        <translation>
            <numerusform>First convolution&apos;s %n learned {height}×{width} kernel · colour {scale} (blue negative, white 0, red positive)</numerusform>
            <numerusform>First convolution&apos;s %n learned {height}×{width} kernels · colour {scale} (blue negative, white 0, red positive)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message numerus="yes">
        <source>%n epoch(s)</source>
        <translation>
            <numerusform>%n epoch</numerusform>
            <numerusform>%n epochs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SampleKeeper</name>
    <message numerus="yes">
        <source>Saved as an example of {digit} · %n sample(s) of {digit}</source>
        <translation>
            <numerusform>Saved as an example of {digit} · %n sample of {digit}</numerusform>
            <numerusform>Saved as an example of {digit} · %n samples of {digit}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SamplesDialog</name>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>…and %n more.</numerusform>
            <numerusform>…and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n sample</numerusform>
            <numerusform>%n samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable file(s) skipped</source>
        <translation>
            <numerusform>%n unreadable file skipped</numerusform>
            <numerusform>%n unreadable files skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n sample(s) to {path}</source>
        <translation>
            <numerusform>Exported %n sample to {path}</numerusform>
            <numerusform>Exported %n samples to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new sample(s)</source>
        <translation>
            <numerusform>Imported %n new sample</numerusform>
            <numerusform>Imported %n new samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all</source>
        <translation>
            <numerusform>%n in all</numerusform>
            <numerusform>%n in all</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainDialog</name>
    <message numerus="yes">
        <source>Test accuracy {accuracy} after %n epoch(s) in {time}. Saved as {name} in your digitpad folder and now in use.</source>
        <translation>
            <numerusform>Test accuracy {accuracy} after %n epoch in {time}. Saved as {name} in your digitpad folder and now in use.</numerusform>
            <numerusform>Test accuracy {accuracy} after %n epochs in {time}. Saved as {name} in your digitpad folder and now in use.</numerusform>
        </translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Saved as an example of {digit} · %n sample(s) of {digit}</source>
        <translation>
            <numerusform>Saved as an example of {digit} · %n sample of {digit}</numerusform>
            <numerusform>Saved as an example of {digit} · %n samples of {digit}</numerusform>
        </translation>
    </message>
</context>
</TS>

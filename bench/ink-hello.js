// The baseline for the kiosk's first frame: a bare Ink "hello".
import { render, Text } from 'ink';
import { createElement } from 'react';

process.env.NODE_ENV = 'production';
render(createElement(Text, null, 'hello'));
